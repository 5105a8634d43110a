using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;

namespace MLSecOps.Core.Files;

/// <summary>Chooses a gate's files: include and exclude globs (relative to the scanned folder) and an optional shard.</summary>
/// <param name="Include">Include globs.</param>
/// <param name="Exclude">Exclude globs.</param>
/// <param name="ScanPrefix">The scanned folder relative to the repository root, empty or ending in '/'.</param>
/// <param name="Shard">The shard to keep, if the scan is split across jobs.</param>
public sealed record FileSelection(IReadOnlyList<string> Include, IReadOnlyList<string> Exclude, string ScanPrefix, Shard? Shard = null)
{
    /// <summary>Returns the selected files, in input order.</summary>
    /// <param name="files">The discovered files.</param>
    /// <returns>The files the gate should scan.</returns>
    public IReadOnlyList<ScanFile> Apply(IEnumerable<ScanFile> files)
    {
        var glob = new PathGlob(Include, Exclude);
        return [.. files.Where(f => glob.IsMatch(ScanRelative(f.RelativePath)) && (Shard is null || Shard.Contains(f.RelativePath)))];
    }

    private string ScanRelative(string path) =>
        ScanPrefix.Length > 0 && path.StartsWith(ScanPrefix, StringComparison.Ordinal) ? path[ScanPrefix.Length..] : path;
}

/// <summary>One of <see cref="Count"/> disjoint parts of the file set, chosen by a stable hash of the path.</summary>
/// <param name="Index">The 1-based part.</param>
/// <param name="Count">How many parts.</param>
public sealed record Shard(int Index, int Count)
{
    /// <summary>Parses <c>i/n</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The shard, or <see langword="null"/> when malformed.</returns>
    public static Shard? TryParse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('/');
        return parts.Length == 2 && int.TryParse(parts[0], out var i) && int.TryParse(parts[1], out var n) && n >= 1 && i >= 1 && i <= n
            ? new Shard(i, n)
            : null;
    }

    /// <summary>Returns whether a repository-relative path belongs to this shard.</summary>
    /// <param name="relativePath">The path.</param>
    /// <returns>Whether the shard keeps it.</returns>
    public bool Contains(string relativePath)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(relativePath));
        return BinaryPrimitives.ReadUInt32BigEndian(hash) % (uint)Count == (uint)(Index - 1);
    }
}
