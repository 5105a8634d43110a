using Microsoft.Extensions.FileSystemGlobbing;

namespace MLSecOps.Core.Policy;

/// <summary>A compiled set of include and exclude globs matched against forward-slash relative paths.</summary>
public sealed class PathGlob
{
    // The in-memory folder the batch match builds its tree under; any absolute folder works, nothing is read from disk.
    private const string MatchRoot = "/";

    private readonly Matcher _matcher;

    /// <summary>Initializes a new instance of the <see cref="PathGlob"/> class.</summary>
    /// <param name="include">Include globs; empty matches nothing.</param>
    /// <param name="exclude">Exclude globs.</param>
    public PathGlob(IEnumerable<string> include, IEnumerable<string> exclude)
    {
        _matcher = new Matcher(StringComparison.Ordinal);
        _matcher.AddIncludePatterns(include);
        _matcher.AddExcludePatterns(exclude);
    }

    /// <summary>Returns whether a relative path matches.</summary>
    /// <param name="relativePath">A forward-slash path relative to the scanned folder.</param>
    /// <returns>Whether it is included and not excluded.</returns>
    public bool IsMatch(string relativePath) => _matcher.Match(relativePath).HasMatches;

    /// <summary>Returns the paths of <paramref name="relativePaths"/> that match, with one walk of the matcher over all of
    /// them (a match per path builds the matcher's in-memory tree once per path).</summary>
    /// <param name="relativePaths">Forward-slash paths relative to the scanned folder.</param>
    /// <returns>The matching paths, as given.</returns>
    public IReadOnlySet<string> Matching(IReadOnlyCollection<string> relativePaths)
    {
        ArgumentNullException.ThrowIfNull(relativePaths);
        var given = relativePaths.ToHashSet(StringComparer.Ordinal);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in _matcher.Match(MatchRoot, given).Files)
        {
            if (!given.Contains(file.Path))
            {
                // The matcher normalised a path ("a/./b"): match each path on its own rather than guess which one it was.
                return given.Where(IsMatch).ToHashSet(StringComparer.Ordinal);
            }

            matched.Add(file.Path);
        }

        return matched;
    }
}
