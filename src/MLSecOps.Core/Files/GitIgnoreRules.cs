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
        // Only a regular file is read: a FIFO named .gitignore would block the open forever.
        var info = new FileInfo(file);
        if (FileTypes.Of(file) != FileType.Regular || info.Length > MaxIgnoreFileBytes)
        {
            return this;
        }

        List<GitIgnorePattern> patterns;
        try
        {
            patterns = File.ReadLines(file).Select(GitIgnorePattern.Parse).OfType<GitIgnorePattern>().ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An unreadable ignore file ignores nothing: more is scanned, never less.
            return this;
        }

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

            var relative = RepositoryPath.Relative(rules._folder, fullPath);
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
