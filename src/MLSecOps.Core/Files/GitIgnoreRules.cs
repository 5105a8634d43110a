namespace MLSecOps.Core.Files;

/// <summary>The <c>.gitignore</c> files in force for a folder: its own and its ancestors', last match wins.</summary>
internal sealed class GitIgnoreRules
{
    private const long MaxIgnoreFileBytes = 256 * 1024;
    private readonly GitIgnoreRules? _parent;
    private readonly string _folder;
    private readonly IReadOnlyList<GitIgnorePattern> _patterns;

    private GitIgnoreRules(GitIgnoreRules? parent, string folder, IReadOnlyList<GitIgnorePattern> patterns)
    {
        _parent = parent;
        _folder = folder;
        _patterns = patterns;
    }

    /// <summary>Gets rules that ignore nothing.</summary>
    public static GitIgnoreRules None { get; } = new(null, "", []);

    /// <summary>Returns the rules for <paramref name="folder"/>: these plus its own .gitignore, if it has one.</summary>
    public GitIgnoreRules Enter(string folder)
    {
        var file = Path.Combine(folder, ".gitignore");
        var info = new FileInfo(file);
        if (!info.Exists || info.Length > MaxIgnoreFileBytes || info.LinkTarget is not null)
        {
            return this;
        }

        var patterns = File.ReadLines(file).Select(GitIgnorePattern.Parse).OfType<GitIgnorePattern>().ToList();
        return patterns.Count == 0 ? this : new GitIgnoreRules(this, folder, patterns);
    }

    /// <summary>Returns whether a path is ignored.</summary>
    public bool IsIgnored(string fullPath, bool isDirectory)
    {
        for (var rules = this; rules is not null; rules = rules._parent)
        {
            if (rules._patterns.Count == 0)
            {
                continue;
            }

            var relative = Path.GetRelativePath(rules._folder, fullPath).Replace('\\', '/');
            for (var i = rules._patterns.Count - 1; i >= 0; i--)
            {
                if (rules._patterns[i].IsMatch(relative, isDirectory))
                {
                    return !rules._patterns[i].IsNegated;
                }
            }
        }

        return false;
    }
}
