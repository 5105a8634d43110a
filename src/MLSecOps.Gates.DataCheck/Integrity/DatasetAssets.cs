using System.Globalization;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Inventory;
using MLSecOps.Gates.DataCheck.Profiling;
using YamlDotNet.RepresentationModel;

namespace MLSecOps.Gates.DataCheck.Integrity;

/// <summary>What the data check tells the bill of materials: each data set with its hashes, its provenance (DVC pointer,
/// Git LFS pointer) and, for tabular data, the profile's row count and schema.</summary>
internal static class DatasetAssets
{
    private const int MaxPointerBytes = 1 << 20;

    private static readonly Dictionary<string, string> s_formats = new(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = "csv",
        [".tsv"] = "tsv",
        [".psv"] = "psv",
        [".jsonl"] = "jsonl",
        [".ndjson"] = "jsonl",
        [".parquet"] = "parquet",
        [".arrow"] = "arrow",
        [".feather"] = "arrow",
    };

    /// <summary>Returns one asset per data set among the gate's files and the DVC outputs they point to.</summary>
    /// <param name="context">The gate context; <see cref="GateContext.HashAssets"/> decides whether files are hashed.</param>
    /// <param name="profiles">The profiles the scan built, by data-set key.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The assets, sorted by key.</returns>
    public static async Task<IReadOnlyList<Asset>> FromAsync(GateContext context, IReadOnlyDictionary<string, DatasetProfile> profiles, CancellationToken cancellationToken)
    {
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var file in context.Files)
        {
            var name = Path.GetFileName(file.RelativePath);
            if (PointerChecker.IsDvcFile(name))
            {
                foreach (var asset in DvcOutputs(context, file))
                {
                    assets[asset.Key] = assets.TryGetValue(asset.Key, out var known) ? Merge(known, asset) : asset;
                }

                continue;
            }

            var format = s_formats.GetValueOrDefault(Path.GetExtension(name));
            var profile = profiles.GetValueOrDefault(file.RelativePath);
            var lfs = format is null && profile is null ? null : await LfsPointerAsync(file, cancellationToken).ConfigureAwait(false);
            if (format is null && profile is null)
            {
                continue;
            }

            var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            if (lfs is { } pointer)
            {
                hashes[FileDigest.Sha256] = pointer.Oid;
                properties["provenance"] = "git-lfs";
            }
            else if (context.HashAssets && await FileDigest.Sha256Async(file.FullPath, cancellationToken).ConfigureAwait(false) is { } sha)
            {
                hashes[FileDigest.Sha256] = sha;
            }

            if (profile is not null)
            {
                properties["rows"] = profile.Rows.ToString(CultureInfo.InvariantCulture);
                properties["columns"] = string.Join(", ", profile.Columns.Select(c => $"{c.Name}:{c.Type}"));
                if (profile.LabelColumn is { } label)
                {
                    properties["label-column"] = label;
                }
            }

            var own = new Asset
            {
                Kind = AssetKind.Dataset,
                Key = file.RelativePath,
                Files = [file.RelativePath],
                Size = lfs?.Size ?? file.Length,
                Format = format ?? "tabular",
                Hashes = hashes,
                Properties = properties,
            };
            assets[own.Key] = assets.TryGetValue(own.Key, out var pointed) ? Merge(own, pointed) : own;
        }

        return [.. assets.Values.OrderBy(a => a.Key, StringComparer.Ordinal)];
    }

    private static Asset Merge(Asset own, Asset pointer) => own with
    {
        Files = [.. own.Files.Union(pointer.Files, StringComparer.Ordinal)],
        Format = own.Format ?? pointer.Format,
        Size = own.Size ?? pointer.Size,
        Hashes = own.Hashes.Concat(pointer.Hashes.Where(h => !own.Hashes.ContainsKey(h.Key))).ToDictionary(h => h.Key, h => h.Value, StringComparer.Ordinal),
        Properties = own.Properties.Concat(pointer.Properties.Where(p => !own.Properties.ContainsKey(p.Key))).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
    };

    private static IEnumerable<Asset> DvcOutputs(GateContext context, ScanFile file)
    {
        if (file.Length > MaxPointerBytes)
        {
            yield break;
        }

        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(file.FullPath);
            yaml.Load(reader);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or IOException or UnauthorizedAccessException)
        {
            // PointerChecker reports the malformed pointer; the inventory only lists what it can read.
            yield break;
        }

        if (yaml.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root || !root.Children.TryGetValue("outs", out var outs) || outs is not YamlSequenceNode list)
        {
            yield break;
        }

        foreach (var output in list.Children.OfType<YamlMappingNode>())
        {
            if (Scalar(output, "path") is not { } path || Scalar(output, "md5") is not { } md5)
            {
                continue;
            }

            var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file.FullPath)!, path));
            if (!target.StartsWith(Path.GetFullPath(context.RepositoryRoot) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                continue;
            }

            yield return new Asset
            {
                Kind = AssetKind.Dataset,
                Key = context.ToRelativePath(target),
                Files = [file.RelativePath],
                Size = long.TryParse(Scalar(output, "size"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : null,
                Format = md5.EndsWith(".dir", StringComparison.Ordinal) ? "directory" : s_formats.GetValueOrDefault(Path.GetExtension(path)),
                Hashes = new Dictionary<string, string> { ["MD5"] = md5.Replace(".dir", "", StringComparison.Ordinal).ToLowerInvariant() },
                Properties = new Dictionary<string, string> { ["provenance"] = "dvc", ["dvc-file"] = file.RelativePath },
            };
        }
    }

    private static async Task<(string Oid, long Size)?> LfsPointerAsync(ScanFile file, CancellationToken cancellationToken)
    {
        if (file.Length > 1024)
        {
            return null;
        }

        var lines = await File.ReadAllLinesAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
        if (lines.Length == 0 || !PointerChecker.IsLfsPointer(System.Text.Encoding.UTF8.GetBytes(lines[0])))
        {
            return null;
        }

        var oid = lines.FirstOrDefault(l => l.StartsWith("oid sha256:", StringComparison.Ordinal))?["oid sha256:".Length..].Trim();
        var size = lines.FirstOrDefault(l => l.StartsWith("size ", StringComparison.Ordinal))?[5..].Trim();
        return oid is { Length: 64 } && oid.All(char.IsAsciiHexDigitLower) && long.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? (oid, bytes) : null;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode { Value: { } text } ? text : null;
}
