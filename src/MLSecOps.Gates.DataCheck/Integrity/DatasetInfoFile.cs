using System.Security.Cryptography;
using System.Text.Json;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DataCheck.Rules;

namespace MLSecOps.Gates.DataCheck.Integrity;

/// <summary>
/// Reads a Hugging Face <c>dataset_info.json</c> (one <c>DatasetInfo</c>, or <c>dataset_infos.json</c>'s map of configurations):
/// its licence against the policy (DAT070, DAT071), the size and SHA-256 of each local file in <c>download_checksums</c> (DAT002),
/// and the shape of <c>features</c> and <c>splits</c> (DAT003).
/// </summary>
internal static class DatasetInfoFile
{
    private const int MaxInfoBytes = 4 << 20;
    private const int MaxChecksums = 10_000;

    /// <summary>Returns whether the file is a data-set info file.</summary>
    public static bool IsInfoFile(string fileName) => fileName is "dataset_info.json" or "dataset_infos.json";

    /// <summary>Checks <paramref name="file"/>.</summary>
    public static async Task<IReadOnlyList<Finding>> CheckAsync(GateContext context, ScanFile file, DataCheckSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(settings);
        if (file.Length > MaxInfoBytes)
        {
            return [Malformed(file, $"it is larger than {MaxInfoBytes >> 20} MiB and was not read")];
        }

        JsonDocument document;
        try
        {
            var bytes = await File.ReadAllBytesAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = settings.MaxJsonDepth, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return [Malformed(file, $"it is not valid JSON ({Scanning.FindingText.Cap(ex.Message.ReplaceLineEndings(" "), 120)})")];
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [Malformed(file, "its root is not an object")];
            }

            var findings = new List<Finding>();
            foreach (var (config, info) in Infos(document.RootElement))
            {
                findings.AddRange(CheckShape(file, config, info));
                findings.AddRange(CheckLicense(file, config, info, settings.AllowedLicenses));
                findings.AddRange(await CheckChecksumsAsync(context, file, config, info, cancellationToken).ConfigureAwait(false));
            }

            return findings;
        }
    }

    // A DatasetInfo has features, splits or download_checksums; otherwise the root maps configuration names to DatasetInfos.
    private static IEnumerable<(string? Config, JsonElement Info)> Infos(JsonElement root)
    {
        if (IsInfo(root))
        {
            yield return (null, root);
            yield break;
        }

        foreach (var property in root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object && IsInfo(p.Value)))
        {
            yield return (property.Name, property.Value);
        }
    }

    private static bool IsInfo(JsonElement element) =>
        element.TryGetProperty("features", out _) || element.TryGetProperty("splits", out _) || element.TryGetProperty("download_checksums", out _) || element.TryGetProperty("license", out _);

    private static IEnumerable<Finding> CheckShape(ScanFile file, string? config, JsonElement info)
    {
        foreach (var (key, kind) in new[] { ("features", JsonValueKind.Object), ("splits", JsonValueKind.Object), ("download_checksums", JsonValueKind.Object) })
        {
            if (info.TryGetProperty(key, out var value) && value.ValueKind != kind && value.ValueKind != JsonValueKind.Null)
            {
                yield return Malformed(file, $"{Where(config)}`{key}` is not an object");
            }
        }

        if (info.TryGetProperty("splits", out var splits) && splits.ValueKind == JsonValueKind.Object)
        {
            foreach (var split in splits.EnumerateObject())
            {
                if (split.Value.ValueKind != JsonValueKind.Object
                    || (split.Value.TryGetProperty("num_examples", out var examples) && (examples.ValueKind != JsonValueKind.Number || !examples.TryGetInt64(out var n) || n < 0)))
                {
                    yield return Malformed(file, $"{Where(config)}split `{Scanning.FindingText.Cap(split.Name, 60)}` has no valid `num_examples`");
                }
            }
        }
    }

    private static IEnumerable<Finding> CheckLicense(ScanFile file, string? config, JsonElement info, IReadOnlyList<string> allowed)
    {
        var license = info.TryGetProperty("license", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim().ToLowerInvariant() : "";

        // The datasets library writes an empty licence by default; the data-set card beside it is where the licence is declared, and is checked on its own.
        if (license.Length == 0)
        {
            var card = Path.Combine(Path.GetDirectoryName(file.FullPath)!, "README.md");
            if (!File.Exists(card))
            {
                yield return Finding.Create(DataLicenseUnknown.Descriptor, Location.File(file.RelativePath, config), $"{Capital(Where(config))}`dataset_info.json` declares no licence and there is no data-set card beside it.", $"info-license-missing:{config}");
            }

            yield break;
        }

        // Licence text may be a sentence rather than an id: only an id-like value is compared with the list.
        var id = license.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)[0];
        if (license == "unknown")
        {
            yield return Finding.Create(DataLicenseUnknown.Descriptor, Location.File(file.RelativePath, config), $"{Capital(Where(config))}`dataset_info.json` declares the licence `unknown`.", $"info-license-unknown:{config}");
        }
        else if (allowed.Count > 0 ? !allowed.Contains(id) : id.Contains("-nc", StringComparison.Ordinal) || id.Contains("-nd", StringComparison.Ordinal))
        {
            var why = allowed.Count > 0 ? "is not in `allowed-licenses`" : "restricts commercial use or derivatives (NC / ND)";
            yield return Finding.Create(DataLicenseNotAllowed.Descriptor, Location.File(file.RelativePath, config), $"The data-set licence `{Scanning.FindingText.Cap(id, 60)}` in `dataset_info.json` {why}.", $"info-license:{id}", id);
        }
    }

    private static async Task<IReadOnlyList<Finding>> CheckChecksumsAsync(GateContext context, ScanFile file, string? config, JsonElement info, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        if (!info.TryGetProperty("download_checksums", out var checksums) || checksums.ValueKind != JsonValueKind.Object)
        {
            return findings;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(file.FullPath))!;
        var root = Path.GetFullPath(context.RepositoryRoot);
        foreach (var entry in checksums.EnumerateObject().Take(MaxChecksums))
        {
            var key = entry.Name;

            // URLs name the remote source, which is not here to hash.
            if (key.Contains("://", StringComparison.Ordinal))
            {
                continue;
            }

            var shown = Scanning.FindingText.Cap(key, 120);
            if (entry.Value.ValueKind != JsonValueKind.Object
                || !entry.Value.TryGetProperty("checksum", out var checksumValue)
                || checksumValue.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                findings.Add(Malformed(file, $"{Where(config)}the `download_checksums` entry `{shown}` has no `checksum`"));
                continue;
            }

            var target = Path.GetFullPath(Path.IsPathRooted(key) ? key : Path.Combine(folder, key));
            if (!target.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                findings.Add(Malformed(file, $"{Where(config)}the `download_checksums` entry `{shown}` names a file outside the repository"));
                continue;
            }

            var info2 = new FileInfo(target);
            if (!info2.Exists || checksumValue.ValueKind == JsonValueKind.Null)
            {
                // A recorded download that is not committed (or recorded without a hash, `verification_mode` off) has nothing to compare.
                continue;
            }

            var expected = checksumValue.GetString()!.Trim().ToLowerInvariant();
            var size = entry.Value.TryGetProperty("num_bytes", out var bytes) && bytes.TryGetInt64(out var n) ? n : -1;
            string actual;
            var stream = new FileStream(target, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            await using (stream.ConfigureAwait(false))
            {
                actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            }

            if ((size >= 0 && size != info2.Length) || actual != expected)
            {
                var relative = Path.GetRelativePath(root, target).Replace('\\', '/');
                var what = size >= 0 && size != info2.Length ? $"{info2.Length:N0} bytes where {size:N0} are recorded" : $"SHA-256 {actual[..12]}… where {Scanning.FindingText.Cap(expected, 12)}… is recorded";
                findings.Add(Finding.Create(
                    DatasetChecksumMismatch.Descriptor,
                    Location.File(file.RelativePath, config),
                    $"`{relative}` does not match `download_checksums` in `dataset_info.json`: {what}.",
                    $"info-checksum:{config}:{relative}",
                    relative));
            }
        }

        return findings;
    }

    private static string Where(string? config) => config is null ? "" : $"configuration `{Scanning.FindingText.Cap(config, 60)}`: ";

    private static string Capital(string text) => text.Length == 0 ? "" : char.ToUpperInvariant(text[0]) + text[1..];

    private static Finding Malformed(ScanFile file, string reason) =>
        Finding.Create(MalformedDatasetInfo.Descriptor, Location.File(file.RelativePath), $"`dataset_info.json` cannot be read: {reason}.", $"info-malformed:{reason}");
}
