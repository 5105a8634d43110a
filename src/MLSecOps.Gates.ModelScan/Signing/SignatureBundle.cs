using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace MLSecOps.Gates.ModelScan.Signing;

/// <summary>
/// An OpenSSF model-signing <c>model.sig</c>: a Sigstore bundle (v0.1-v0.3 JSON) holding a DSSE envelope and the
/// verification material (a public-key hint, a certificate chain, or a Sigstore certificate and transparency-log entries).
/// Parsed with size and depth caps; never trusted until <see cref="SignatureVerifier"/> checks it.
/// </summary>
internal sealed record SignatureBundle
{
    /// <summary>The largest <c>model.sig</c> read.</summary>
    public const long MaxBytes = 16L * 1024 * 1024;

    /// <summary>Gets the envelope's payload type.</summary>
    public required string PayloadType { get; init; }

    /// <summary>Gets the envelope's payload (the in-toto statement bytes).</summary>
    public required byte[] Payload { get; init; }

    /// <summary>Gets the first signature of the envelope (model-signing writes exactly one).</summary>
    public required byte[] Signature { get; init; }

    /// <summary>Gets the public-key hint (hex SHA-256 of the signer's PEM public key), if any.</summary>
    public string? PublicKeyHint { get; init; }

    /// <summary>Gets the embedded public key (PEM, older bundles), if any.</summary>
    public string? EmbeddedPublicKey { get; init; }

    /// <summary>Gets the certificates, leaf first; empty for key-based signatures.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; init; } = [];

    /// <summary>Gets the transparency log's integration time of the first entry (not verified: the log is not contacted).</summary>
    public DateTimeOffset? LogIntegratedTime { get; init; }

    /// <summary>Gets whether the bundle carries transparency-log entries.</summary>
    public bool HasLogEntries { get; init; }

    /// <summary>Parses a bundle.</summary>
    /// <param name="json">The file bytes.</param>
    /// <returns>The bundle.</returns>
    /// <exception cref="FormatException">The bundle is not a Sigstore bundle with a DSSE envelope; the message says what is wrong.</exception>
    public static SignatureBundle Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            var envelope = Object(root, "dsseEnvelope") ?? throw new FormatException("no dsseEnvelope (message signatures are not model-signing signatures)");
            var signatures = envelope.TryGetProperty("signatures", out var s) && s.ValueKind == JsonValueKind.Array ? s : throw new FormatException("the envelope has no signatures");
            if (signatures.GetArrayLength() != 1)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"the envelope has {signatures.GetArrayLength()} signatures, model-signing writes exactly one"));
            }

            var material = Object(root, "verificationMaterial") ?? throw new FormatException("no verificationMaterial");
            var publicKey = Object(material, "publicKey");
            var certificates = new List<X509Certificate2>();
            if (Object(material, "x509CertificateChain") is { } chain && chain.TryGetProperty("certificates", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                certificates.AddRange(list.EnumerateArray().Take(10).Select(c => Certificate(Bytes(c, "rawBytes"))));
            }
            else if (Object(material, "certificate") is { } single)
            {
                certificates.Add(Certificate(Bytes(single, "rawBytes")));
            }

            var log = material.TryGetProperty("tlogEntries", out var entries) && entries.ValueKind == JsonValueKind.Array ? entries : default;
            return new SignatureBundle
            {
                PayloadType = String(envelope, "payloadType") ?? throw new FormatException("the envelope has no payloadType"),
                Payload = Bytes(envelope, "payload"),
                Signature = Bytes(signatures[0], "sig"),
                PublicKeyHint = publicKey is { } key ? String(key, "hint") : null,
                EmbeddedPublicKey = publicKey is { } raw && raw.TryGetProperty("rawBytes", out _) ? Encoding.UTF8.GetString(Bytes(raw, "rawBytes")) : null,
                Certificates = certificates,
                HasLogEntries = log.ValueKind == JsonValueKind.Array && log.GetArrayLength() > 0,
                LogIntegratedTime = IntegratedTime(log),
            };
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new FormatException(ex.Message.ReplaceLineEndings(" "), ex);
        }
    }

    private static DateTimeOffset? IntegratedTime(JsonElement log)
    {
        if (log.ValueKind != JsonValueKind.Array || log.GetArrayLength() == 0 || !log[0].TryGetProperty("integratedTime", out var time))
        {
            return null;
        }

        var text = time.ValueKind == JsonValueKind.String ? time.GetString() : time.GetRawText();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253402300799
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    private static X509Certificate2 Certificate(byte[] der) => X509CertificateLoader.LoadCertificate(der);

    private static JsonElement? Object(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : null;

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static byte[] Bytes(JsonElement element, string name) =>
        String(element, name) is { } text ? Convert.FromBase64String(text) : throw new FormatException($"'{name}' is missing or not base64 text");
}
