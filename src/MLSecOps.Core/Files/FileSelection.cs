using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Core.Rules;

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
        ArgumentNullException.ThrowIfNull(files);
        var candidates = Shard is null ? files.ToList() : [.. files.Where(f => Shard.Contains(f.RelativePath))];
        var matching = new PathGlob(Include, Exclude).Matching([.. candidates.Select(f => ScanRelative(f.RelativePath)).Distinct(StringComparer.Ordinal)]);
        return [.. candidates.Where(f => matching.Contains(ScanRelative(f.RelativePath)))];
    }

    /// <summary>Returns the findings for the paths discovery could not scan that this selection would have scanned.</summary>
    /// <param name="inventory">What discovery found.</param>
    /// <returns>POL004 and POL005 per path, and one POL006 for the paths ignore rules skipped without git.</returns>
    public IReadOnlyList<Finding> Findings(FileInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var glob = new PathGlob(Include, Exclude);
        var everything = new PathGlob(["**"], Exclude);
        var mine = inventory.Problems.Where(p => Selects(p, glob, everything)).ToList();
        var findings = mine.Where(p => p.Kind == DiscoveryProblemKind.Unreadable).Select(PathNotScanned.Create)
            .Concat(mine.Where(p => p.Kind == DiscoveryProblemKind.LinkOutsideRepository).Select(LinkOutsideRepository.Create))
            .ToList();
        var ignored = mine.Where(p => p.Kind == DiscoveryProblemKind.IgnoredWithoutGit).ToList();
        if (ignored.Count > 0)
        {
            findings.Add(IgnoredPathsSkipped.Create(ignored));
        }

        return findings;
    }

    private bool Selects(DiscoveryProblem problem, PathGlob glob, PathGlob everything)
    {
        if (Shard is not null && !Shard.Contains(problem.RelativePath))
        {
            return false;
        }

        var path = ScanRelative(problem.RelativePath);
        return problem.IsFolder ? MayContain(path, everything) : glob.IsMatch(path);
    }

    /// <summary>Returns whether files under <paramref name="folder"/> could be selected: an include's literal folders
    /// agree with it, and no exclude removes the whole folder. Unknown contents count as selected (fail closed).</summary>
    private bool MayContain(string folder, PathGlob everything)
    {
        if (!everything.IsMatch(folder + "/"))
        {
            return false;
        }

        var parts = folder.Split('/');
        return Include.Any(include =>
        {
            var literal = include.Split('/').TakeWhile(s => s.IndexOfAny(['*', '?']) < 0).ToList();
            var common = Math.Min(literal.Count, parts.Length);
            return literal.Take(common).SequenceEqual(parts.Take(common), StringComparer.Ordinal);
        });
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
