using System.Security.Cryptography;
using System.Text.Json;

namespace MLSecOps.Gates.ModelScan.Signing;

/// <summary>
/// The in-toto statement a model signature signs: one SHA-256 per file of the model folder (predicate
/// <c>https://model_signing/signature/v1.0</c>, <c>files</c> serialization; or the older <c>Digests/v0.1</c>, one subject per
/// file), and the paths the signer ignored.
/// </summary>
/// <param name="ModelName">The model name of the subject.</param>
/// <param name="Files">Every signed file's SHA-256 by path relative to the model folder.</param>
/// <param name="IgnoredPaths">Paths (files or folders) relative to the model folder the signer left out.</param>
internal sealed record SignedManifest(string ModelName, IReadOnlyDictionary<string, string> Files, IReadOnlyList<string> IgnoredPaths)
{
    /// <summary>The in-toto payload type of a model-signing envelope.</summary>
    public const string PayloadType = "application/vnd.in-toto+json";

    /// <summary>The paths model-signing ignores by default (besides <c>model.sig</c>).</summary>
    public static IReadOnlyList<string> DefaultIgnoredPaths { get; } = ["model.sig", ".git", ".gitattributes", ".github", ".gitignore"];

    private const int MaxFiles = 1_000_000;

    /// <summary>Parses and checks the statement: the predicate type, the serialization and the root digest over the resources.</summary>
    /// <param name="payload">The envelope payload.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="FormatException">The statement is malformed, inconsistent, or uses a serialization this verifier does not support.</exception>
    public static SignedManifest Parse(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 32 });
            var root = document.RootElement;
            var predicateType = root.GetProperty("predicateType").GetString();
            var subjects = root.GetProperty("subject");
            return predicateType switch
            {
                "https://model_signing/signature/v1.0" => Version1(subjects, root.GetProperty("predicate")),
                "https://model_signing/Digests/v0.1" => Digests(subjects),
                _ => throw new FormatException($"predicate type '{predicateType}' is not a model-signing manifest"),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"the signed statement is malformed ({ex.Message.ReplaceLineEndings(" ")})", ex);
        }
    }

    private static SignedManifest Version1(JsonElement subjects, JsonElement predicate)
    {
        if (subjects.GetArrayLength() != 1)
        {
            throw new FormatException("a v1.0 statement has exactly one subject");
        }

        var serialization = predicate.GetProperty("serialization");
        var method = serialization.GetProperty("method").GetString();
        if (method != "files" || serialization.TryGetProperty("hash_type", out var hashType) && hashType.GetString() != "sha256")
        {
            throw new FormatException($"serialization '{method}' is not verified by mlsecops (only per-file SHA-256, the default)");
        }

        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        using var rootHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var resource in predicate.GetProperty("resources").EnumerateArray().Take(MaxFiles + 1))
        {
            var digest = Digest(resource.GetProperty("algorithm").GetString() == "sha256" ? resource.GetProperty("digest").GetString() : null);
            rootHash.AppendData(Convert.FromHexString(digest));
            files[Name(resource.GetProperty("name").GetString())] = digest;
        }

        // The subject digest is SHA-256 over every resource digest in order (model_signing's Payload): a mismatch means a forged manifest.
        var subject = subjects[0];
        if (!string.Equals(Convert.ToHexStringLower(rootHash.GetHashAndReset()), Digest(subject.GetProperty("digest").GetProperty("sha256").GetString()), StringComparison.Ordinal))
        {
            throw new FormatException("the subject digest does not match the resources it covers");
        }

        var ignored = serialization.TryGetProperty("ignore_paths", out var paths) && paths.ValueKind == JsonValueKind.Array
            ? paths.EnumerateArray().Select(p => Name(p.GetString())).ToList()
            : [];
        return new SignedManifest(subject.GetProperty("name").GetString() ?? "", files, [.. DefaultIgnoredPaths.Union(ignored, StringComparer.Ordinal)]);
    }

    private static SignedManifest Digests(JsonElement subjects)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var subject in subjects.EnumerateArray().Take(MaxFiles + 1))
        {
            files[Name(subject.GetProperty("name").GetString())] = Digest(subject.GetProperty("digest").GetProperty("sha256").GetString());
        }

        return new SignedManifest("", files, DefaultIgnoredPaths);
    }

    /// <summary>Returns whether a payload is a model_signing v0.2.0 statement (predicate <c>https://model_signing/Digests/v0.1</c>).</summary>
    /// <param name="payload">The envelope payload.</param>
    /// <returns>Whether it is; false for anything that is not such a JSON statement.</returns>
    public static bool IsVersion02(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = 32 });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("predicateType", out var type)
                && type.ValueKind == JsonValueKind.String && type.GetString() == "https://model_signing/Digests/v0.1";
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Returns whether a name is one plain file name (no folder, no climbing), as a single-file model's subject is.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it is.</returns>
    public static bool IsPlainName(string name) => name.Length > 0 && name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal) && !name.Contains('\\', StringComparison.Ordinal);

    private static string Digest(string? hex) =>
        hex is { Length: 64 } && hex.All(char.IsAsciiHexDigit) ? hex.ToLowerInvariant() : throw new FormatException("a digest is not a SHA-256 hex string");

    private static string Name(string? name)
    {
        var normal = name?.Replace('\\', '/') ?? "";
        while (normal.StartsWith("./", StringComparison.Ordinal))
        {
            normal = normal[2..];
        }

        // A manifest path that climbs out of the model folder would let a signature vouch for files elsewhere.
        if (normal.Length == 0 || normal.Split('/').Any(part => part is ".." or ""))
        {
            throw new FormatException($"the manifest names a path outside the model folder ('{name}')");
        }

        return normal;
    }
}
