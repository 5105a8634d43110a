using Microsoft.Extensions.FileSystemGlobbing;

namespace MLSecOps.Core.Policy;

/// <summary>A compiled set of include and exclude globs matched against forward-slash relative paths.</summary>
public sealed class PathGlob
{
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
}
