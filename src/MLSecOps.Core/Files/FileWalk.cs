using MLSecOps.Core.Gates;

namespace MLSecOps.Core.Files;

/// <summary>One walk of a folder tree for <see cref="FileDiscovery"/>: collects regular files and the paths it could not scan.</summary>
/// <param name="root">The absolute repository root, without a trailing separator.</param>
/// <param name="enumerate">Lists a folder's entries.</param>
internal sealed class FileWalk(string root, Func<DirectoryInfo, IEnumerable<FileSystemInfo>> enumerate)
{
    private readonly List<ScanFile> _files = [];
    private readonly List<DiscoveryProblem> _problems = [];
    private GitTrackedFiles? _git;

    /// <summary>Gets the repository root.</summary>
    public string Root => root;

    /// <summary>Walks <paramref name="start"/> and everything under it.</summary>
    public void Run(DirectoryInfo start, GitIgnoreRules startRules, GitTrackedFiles git)
    {
        _git = git;
        var pending = new Stack<(DirectoryInfo Folder, GitIgnoreRules Rules)>();
        pending.Push((start, startRules));
        while (pending.Count > 0)
        {
            var (folder, parentRules) = pending.Pop();
            if (Entries(folder, parentRules) is not ({ } entries, { } rules))
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (FileTypes.Of(entry.FullName) == FileType.Directory)
                {
                    if (entry.Name != ".git" && !Skipped(entry.FullName, rules, isDirectory: true))
                    {
                        pending.Push((new DirectoryInfo(entry.FullName), rules));
                    }
                }
                else
                {
                    AddEntry(entry, rules);
                }
            }
        }
    }

    /// <summary>Adds one non-folder entry: a regular file, a link, or a path that is neither.</summary>
    public void AddEntry(FileSystemInfo entry, GitIgnoreRules rules)
    {
        var type = FileTypes.Of(entry.FullName);
        if (type == FileType.SymbolicLink)
        {
            AddLink(entry, rules);
        }
        else if (Skipped(entry.FullName, rules, isDirectory: false))
        {
            return;
        }
        else if (type == FileType.Regular)
        {
            Add(entry.FullName);
        }
        else
        {
            Problem(entry.FullName, DiscoveryProblemKind.Unreadable, type == FileType.Unknown ? "it vanished or could not be examined during the scan" : Describe(type), isFolder: false);
        }
    }

    /// <summary>Returns the files sorted by path (a link to a file already listed adds nothing) and the problems.</summary>
    public FileInventory Result() => new(
        [.. _files.DistinctBy(f => f.FullPath, StringComparer.Ordinal).OrderBy(f => f.RelativePath, StringComparer.Ordinal)],
        [.. _problems.DistinctBy(p => (p.RelativePath, p.Kind)).OrderBy(p => p.RelativePath, StringComparer.Ordinal)]);

    private (IReadOnlyList<FileSystemInfo>, GitIgnoreRules)? Entries(DirectoryInfo folder, GitIgnoreRules parentRules)
    {
        try
        {
            return ([.. enumerate(folder)], parentRules.Enter(folder.FullName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            // One unreadable or vanished folder must not end the scan: it becomes a finding and the walk goes on.
            // The exception's message names the runner's absolute path; the type says enough.
            Problem(folder.FullName, DiscoveryProblemKind.Unreadable, $"the folder could not be read ({ex.GetType().Name})", isFolder: true);
            return null;
        }
    }

    private void AddLink(FileSystemInfo link, GitIgnoreRules rules)
    {
        string? target;
        try
        {
            target = link.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
        }
        catch (IOException)
        {
            Problem(link.FullName, DiscoveryProblemKind.Unreadable, "the link cannot be resolved: it loops or chains too many links", isFolder: false);
            return;
        }

        if (target is null || Skipped(link.FullName, rules, isDirectory: false))
        {
            return;
        }

        var full = Path.GetFullPath(target);
        if (!IsInside(full))
        {
            Problem(link.FullName, DiscoveryProblemKind.LinkOutsideRepository, $"it points to {full}, outside the repository", isFolder: false);
            return;
        }

        // A link to a folder inside the repository is never descended: its files are found at their real path.
        switch (FileTypes.OfTarget(full))
        {
            case FileType.Regular:
                Add(full);
                break;
            case FileType.Directory or FileType.Unknown:
                break;
            case var other:
                Problem(link.FullName, DiscoveryProblemKind.Unreadable, $"it points to {Describe(other)}", isFolder: false);
                break;
        }
    }

    private bool Skipped(string fullPath, GitIgnoreRules rules, bool isDirectory)
    {
        if (!rules.IsIgnored(fullPath, isDirectory))
        {
            return false;
        }

        if (_git is { IsListed: true } git)
        {
            return isDirectory ? !git.TracksUnder(fullPath) : !git.Tracks(fullPath);
        }

        Problem(fullPath, DiscoveryProblemKind.IgnoredWithoutGit, _git?.Unavailable ?? "the folder is not a git checkout", isDirectory);
        return true;
    }

    private void Add(string fullPath)
    {
        if (IsInside(fullPath))
        {
            _files.Add(new ScanFile(fullPath, RepositoryPath.Relative(root, fullPath), new FileInfo(fullPath).Length));
        }
    }

    private void Problem(string fullPath, DiscoveryProblemKind kind, string detail, bool isFolder) =>
        _problems.Add(new DiscoveryProblem(RepositoryPath.Relative(root, fullPath), kind, detail, isFolder));

    private bool IsInside(string path) => path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string Describe(FileType type) => type switch
    {
        FileType.Fifo => "a named pipe (FIFO), not a regular file",
        FileType.Socket => "a socket, not a regular file",
        FileType.CharacterDevice => "a character device, not a regular file",
        FileType.BlockDevice => "a block device, not a regular file",
        _ => "not a regular file",
    };
}
