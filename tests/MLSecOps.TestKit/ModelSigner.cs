using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace MLSecOps.TestKit;

/// <summary>
/// Writes OpenSSF model-signing signatures (<c>model.sig</c>) in tests, in the layout <c>model_signing sign</c> writes: a Sigstore
/// v0.3 bundle whose DSSE envelope holds an in-toto statement (predicate <c>https://model_signing/signature/v1.0</c>, one SHA-256 per
/// file, the subject digest over all of them). Keys and certificates are made in-process.
/// </summary>
public static class ModelSigner
{
    private static readonly string[] Ignored = ["model.sig", ".git", ".gitattributes", ".github", ".gitignore"];

    /// <summary>Signs a model folder with an ECDSA key; the bundle carries the key hint, as model_signing 1.x writes.</summary>
    public static void SignWithKey(string folder, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hint = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem() + "\n")));
        Write(folder, new JsonObject { ["publicKey"] = new JsonObject { ["hint"] = hint } }, message => key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    /// <summary>Signs one model file with an ECDSA key, as <c>model_signing sign key FILE</c> does: the one resource is named <c>.</c>.</summary>
    public static void SignFileWithKey(string file, ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var digest = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = Path.GetFileName(file), ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(Convert.FromHexString(digest))) } }),
            ["predicateType"] = "https://model_signing/signature/v1.0",
            ["predicate"] = new JsonObject
            {
                ["serialization"] = new JsonObject { ["method"] = "files", ["hash_type"] = "sha256", ["allow_symlinks"] = false },
                ["resources"] = new JsonArray(new JsonObject { ["name"] = ".", ["digest"] = digest, ["algorithm"] = "sha256" }),
            },
        };
        var hint = Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(key.ExportSubjectPublicKeyInfoPem() + "\n")));
        Write(Path.GetDirectoryName(file)!, Encoding.UTF8.GetBytes(statement.ToJsonString()), new JsonObject { ["publicKey"] = new JsonObject { ["hint"] = hint } }, message => key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    /// <summary>Signs a model folder with an Ed25519 key (no hint).</summary>
    public static void SignWithEd25519(string folder, Ed25519PrivateKeyParameters key)
    {
        Write(folder, new JsonObject { ["publicKey"] = new JsonObject() }, message =>
        {
            var signer = new Ed25519Signer();
            signer.Init(true, key);
            signer.BlockUpdate(message, 0, message.Length);
            return signer.GenerateSignature();
        });
    }

    /// <summary>Signs a model folder with a certificate's key; the bundle carries the chain, leaf first.</summary>
    public static void SignWithCertificate(string folder, X509Certificate2 leaf, ECDsa key, params X509Certificate2[] intermediates)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var chain = new JsonArray([.. new[] { leaf }.Concat(intermediates).Select(c => (JsonNode)new JsonObject { ["rawBytes"] = Convert.ToBase64String(c.RawData) })]);
        Write(folder, new JsonObject { ["x509CertificateChain"] = new JsonObject { ["certificates"] = chain } }, message => key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    /// <summary>
    /// Signs a model folder with a certificate the way model_signing v0.2.0 did: a <c>Digests/v0.1</c> statement with one subject per
    /// file, signed with SHA-256 whatever the curve over that release's faulty encoding (<c>DSSEV1 … b'payload'</c>, Python's bytes repr).
    /// </summary>
    public static void SignVersion02WithCertificate(string folder, X509Certificate2 leaf, ECDsa key, params X509Certificate2[] intermediates)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(key);
        var subjects = new JsonArray();
        foreach (var file in SignedFiles(folder))
        {
            subjects.Add(new JsonObject
            {
                ["name"] = file,
                ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file)))) },
                ["annotations"] = new JsonObject { ["actual_hash_algorithm"] = "file-sha256" },
            });
        }

        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = subjects,
            ["predicateType"] = "https://model_signing/Digests/v0.1",
            ["predicate"] = new JsonObject { ["unused"] = "Unused, just passed due to API requirements" },
        };
        var payload = Encoding.UTF8.GetBytes(statement.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        const string type = "application/vnd.in-toto+json";
        var repr = new StringBuilder("b'");
        foreach (var b in payload)
        {
            repr.Append(b switch
            {
                (byte)'\'' => "\\'",
                (byte)'\\' => "\\\\",
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                >= 0x20 and < 0x7f => ((char)b).ToString(),
                _ => "\\x" + b.ToString("x2", CultureInfo.InvariantCulture),
            });
        }

        var message = Encoding.UTF8.GetBytes($"DSSEV1 {type.Length} {type} {payload.Length} {repr}'");
        var chain = new JsonArray([.. new[] { leaf }.Concat(intermediates).Select(c => (JsonNode)new JsonObject { ["rawBytes"] = Convert.ToBase64String(c.RawData) })]);
        var bundle = new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = new JsonObject { ["x509CertificateChain"] = new JsonObject { ["certificates"] = chain } },
            ["dsseEnvelope"] = new JsonObject
            {
                ["payload"] = Convert.ToBase64String(payload),
                ["payloadType"] = type,
                ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String(key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)), ["keyid"] = null }),
            },
        };
        File.WriteAllText(Path.Combine(folder, "model.sig"), bundle.ToJsonString());
    }

    /// <summary>Signs a model folder the way Sigstore keyless signing does: a short-lived certificate and a log entry with its integration time.</summary>
    public static void SignKeyless(string folder, X509Certificate2 leaf, ECDsa key, DateTimeOffset integratedTime)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var material = new JsonObject
        {
            ["certificate"] = new JsonObject { ["rawBytes"] = Convert.ToBase64String(leaf.RawData) },
            ["tlogEntries"] = new JsonArray(new JsonObject
            {
                ["logIndex"] = "1",
                ["kindVersion"] = new JsonObject { ["kind"] = "dsse", ["version"] = "0.0.1" },
                ["integratedTime"] = integratedTime.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            }),
        };
        Write(folder, material, message => key.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    /// <summary>Creates a self-signed CA certificate.</summary>
    public static X509Certificate2 CreateAuthority(string name, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <summary>Creates a code-signing certificate issued by <paramref name="authority"/>, with an e-mail SAN and, for Sigstore, the Fulcio OIDC issuer extension.</summary>
    public static X509Certificate2 CreateSigner(X509Certificate2 authority, ECDsa key, string email, DateTimeOffset notBefore, DateTimeOffset notAfter, string? oidcIssuer = null)
    {
        ArgumentNullException.ThrowIfNull(authority);
        var request = new CertificateRequest("CN=" + email, key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddEmailAddress(email);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], false));
        if (oidcIssuer is not null)
        {
            var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            writer.WriteCharacterString(System.Formats.Asn1.UniversalTagNumber.UTF8String, oidcIssuer);
            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.57264.1.8", writer.Encode(), false));
        }

        return request.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
    }

    /// <summary>Builds the in-toto statement over every file of <paramref name="folder"/> that model-signing does not ignore.</summary>
    public static byte[] Statement(string folder)
    {
        var files = SignedFiles(folder);
        using var root = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var resources = new JsonArray();
        foreach (var file in files)
        {
            var digest = SHA256.HashData(File.ReadAllBytes(Path.Combine(folder, file)));
            root.AppendData(digest);
            resources.Add(new JsonObject { ["algorithm"] = "sha256", ["digest"] = Convert.ToHexStringLower(digest), ["name"] = file });
        }

        var statement = new JsonObject
        {
            ["_type"] = "https://in-toto.io/Statement/v1",
            ["subject"] = new JsonArray(new JsonObject { ["name"] = Path.GetFileName(folder), ["digest"] = new JsonObject { ["sha256"] = Convert.ToHexStringLower(root.GetHashAndReset()) } }),
            ["predicateType"] = "https://model_signing/signature/v1.0",
            ["predicate"] = new JsonObject
            {
                ["serialization"] = new JsonObject { ["method"] = "files", ["hash_type"] = "sha256", ["allow_symlinks"] = false, ["ignore_paths"] = new JsonArray([.. Ignored.Select(i => (JsonNode)i)]) },
                ["resources"] = resources,
            },
        };
        return Encoding.UTF8.GetBytes(statement.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static List<string> SignedFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Where(f => !Ignored.Any(i => f == i || f.StartsWith(i + "/", StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)];

    private static void Write(string folder, JsonObject material, Func<byte[], byte[]> sign) => Write(folder, Statement(folder), material, sign);

    private static void Write(string folder, byte[] payload, JsonObject material, Func<byte[], byte[]> sign)
    {
        const string type = "application/vnd.in-toto+json";
        var message = Encoding.UTF8.GetBytes($"DSSEv1 {type.Length} {type} {payload.Length} ").Concat(payload).ToArray();
        var bundle = new JsonObject
        {
            ["mediaType"] = "application/vnd.dev.sigstore.bundle.v0.3+json",
            ["verificationMaterial"] = material,
            ["dsseEnvelope"] = new JsonObject
            {
                ["payload"] = Convert.ToBase64String(payload),
                ["payloadType"] = type,
                ["signatures"] = new JsonArray(new JsonObject { ["sig"] = Convert.ToBase64String(sign(message)) }),
            },
        };
        File.WriteAllText(Path.Combine(folder, "model.sig"), bundle.ToJsonString());
    }
}
