using System.Security.Cryptography;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DataCheck.Rules;
using YamlDotNet.RepresentationModel;

namespace MLSecOps.Gates.DataCheck.Integrity;

/// <summary>Checks DVC pointers (<c>.dvc</c>, <c>dvc.lock</c>) and Git LFS pointers against the data they name (DAT060-DAT064).</summary>
internal static class PointerChecker
{
    private const int MaxPointerBytes = 1 << 20;

    /// <summary>Returns whether the file is a pointer this checker handles.</summary>
    public static bool IsDvcFile(string fileName) => fileName.EndsWith(".dvc", StringComparison.Ordinal) || fileName == "dvc.lock";

    /// <summary>Returns whether a file head is a Git LFS pointer.</summary>
    public static bool IsLfsPointer(ReadOnlySpan<byte> head) => head.StartsWith("version https://git-lfs.github.com/spec/v1"u8);

    /// <summary>Checks a <c>.dvc</c> file or <c>dvc.lock</c>.</summary>
    public static async Task<IReadOnlyList<Finding>> CheckDvcAsync(GateContext context, ScanFile file, CancellationToken cancellationToken)
    {
        if (file.Length > MaxPointerBytes)
        {
            return [Finding.Create(MalformedDataPointer.Descriptor, Location.File(file.RelativePath), "The DVC file is larger than 1 MiB; it was not read.", "dvc-too-large")];
        }

        YamlStream yaml = new();
        try
        {
            using var reader = new StreamReader(file.FullPath);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException ex)
        {
            return [Finding.Create(MalformedDataPointer.Descriptor, new Location(file.RelativePath, (int)Math.Max(1, ex.Start.Line)), $"The DVC file is not valid YAML: {ex.Message.ReplaceLineEndings(" ")}", "dvc-yaml")];
        }

        var outs = new List<YamlMappingNode>();
        if (yaml.Documents.FirstOrDefault()?.RootNode is YamlMappingNode root)
        {
            if (root.Children.TryGetValue("outs", out var o) && o is YamlSequenceNode list)
            {
                outs.AddRange(list.Children.OfType<YamlMappingNode>());
            }

            if (root.Children.TryGetValue("stages", out var s) && s is YamlMappingNode stages)
            {
                foreach (var stage in stages.Children.Values.OfType<YamlMappingNode>())
                {
                    if (stage.Children.TryGetValue("outs", out var so) && so is YamlSequenceNode stageOuts)
                    {
                        outs.AddRange(stageOuts.Children.OfType<YamlMappingNode>());
                    }
                }
            }
        }

        var findings = new List<Finding>();
        foreach (var output in outs)
        {
            findings.AddRange(await CheckOutAsync(context, file, output, cancellationToken).ConfigureAwait(false));
        }

        return findings;
    }

    /// <summary>Checks a Git LFS pointer: un-smudged (info), or its local object against oid and size.</summary>
    public static async Task<IReadOnlyList<Finding>> CheckLfsAsync(GateContext context, ScanFile file, CancellationToken cancellationToken)
    {
        var lines = file.Length > 1024 ? [] : await File.ReadAllLinesAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
        var oid = lines.FirstOrDefault(l => l.StartsWith("oid sha256:", StringComparison.Ordinal))?["oid sha256:".Length..].Trim();
        var sizeText = lines.FirstOrDefault(l => l.StartsWith("size ", StringComparison.Ordinal))?[5..].Trim();
        if (oid is not { Length: 64 } || !long.TryParse(sizeText, out var size) || !oid.All(char.IsAsciiHexDigitLower))
        {
            return [Finding.Create(MalformedDataPointer.Descriptor, Location.File(file.RelativePath), "The Git LFS pointer has no valid `oid sha256:` or `size` line.", "lfs-malformed")];
        }

        var objectPath = Path.Combine(context.RepositoryRoot, ".git", "lfs", "objects", oid[..2], oid[2..4], oid);
        if (!File.Exists(objectPath))
        {
            return [Finding.Create(LfsPointerNotSmudged.Descriptor, Location.File(file.RelativePath), $"The file is a Git LFS pointer to {size:N0} bytes that were not checked out, so the data itself was not scanned.", $"lfs:{oid}")];
        }

        var stream = File.OpenRead(objectPath);
        await using (stream.ConfigureAwait(false))
        {
            var actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
            if (actual != oid || stream.Length != size)
            {
                return [Finding.Create(LfsObjectMismatch.Descriptor, Location.File(file.RelativePath), $"The local LFS object has SHA-256 {actual[..12]}… and {stream.Length:N0} bytes; the pointer records {oid[..12]}… and {size:N0} bytes.", $"lfs-mismatch:{oid}")];
            }
        }

        return [Finding.Create(LfsPointerNotSmudged.Descriptor, Location.File(file.RelativePath), $"The file is a Git LFS pointer (its local object matches); check out with LFS so the data is scanned.", $"lfs:{oid}")];
    }

    private static async Task<IReadOnlyList<Finding>> CheckOutAsync(GateContext context, ScanFile file, YamlMappingNode output, CancellationToken cancellationToken)
    {
        var path = Scalar(output, "path");
        var md5 = Scalar(output, "md5");
        var line = (int)Math.Max(1, output.Start.Line);
        if (path is null || md5 is null)
        {
            return [Finding.Create(MalformedDataPointer.Descriptor, new Location(file.RelativePath, line), "A DVC output has no `path` or no `md5`.", $"dvc-out:{line}")];
        }

        var folder = Path.GetDirectoryName(file.FullPath)!;
        var target = Path.GetFullPath(Path.Combine(folder, path));
        var root = Path.GetFullPath(context.RepositoryRoot);
        if (!target.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return [Finding.Create(MalformedDataPointer.Descriptor, new Location(file.RelativePath, line), $"The DVC output path `{Scanning.FindingText.Cap(path, 80)}` leaves the repository.", $"dvc-escape:{path}")];
        }

        var legacy = Scalar(output, "hash") != "md5";
        var isDirectory = md5.EndsWith(".dir", StringComparison.Ordinal);
        if (isDirectory ? !Directory.Exists(target) : !File.Exists(target))
        {
            return [Finding.Create(DvcOutputNotPresent.Descriptor, new Location(file.RelativePath, line), $"`{Scanning.FindingText.Cap(path, 80)}` is tracked by DVC but not present (not pulled); its hash was not checked.", $"dvc-absent:{path}")];
        }

        var actual = isDirectory
            ? await DvcHash.DirectoryAsync(target, legacy, cancellationToken).ConfigureAwait(false)
            : await DvcHash.FileAsync(target, legacy, cancellationToken).ConfigureAwait(false);
        if (string.Equals(actual, md5, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var generation = legacy ? "DVC 2.x, text normalised" : "DVC 3, raw bytes";
        return [Finding.Create(DvcHashMismatch.Descriptor, new Location(file.RelativePath, line), $"`{Scanning.FindingText.Cap(path, 80)}` has md5 {actual} ({generation}) but its pointer records {md5}: the data changed after it was recorded.", $"dvc-mismatch:{path}:{md5}")];
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && value is YamlScalarNode { Value: { } text } ? text : null;
}
