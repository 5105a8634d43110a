using MLSecOps.Core.Gates;

namespace MLSecOps.Core.Files;

/// <summary>
/// Lists the regular files under a scan path. It skips <c>.git/</c> and git-ignored files unless git tracks them
/// (what git tracks is what ships), never follows a link out of the repository, and never opens anything but a
/// regular file. Every path it cannot scan is reported in <see cref="FileInventory.Problems"/>, never dropped.
/// </summary>
public static class FileDiscovery
{
    /// <summary>Lists the files to consider, sorted by path.</summary>
    /// <param name="repositoryRoot">The absolute repository root; links resolving outside it are reported, not followed.</param>
    /// <param name="scanPath">A folder or a single file inside the root.</param>
    /// <param name="options">How to ask git; <see langword="null"/> for the defaults.</param>
    /// <returns>The files with repository-relative paths, and the paths that were not scanned.</returns>
    public static FileInventory Discover(string repositoryRoot, string scanPath, DiscoveryOptions? options = null) =>
        Discover(repositoryRoot, scanPath, options ?? DiscoveryOptions.Default, static folder => folder.EnumerateFileSystemInfos());

    /// <summary>Lists the files, reading folders through <paramref name="enumerate"/> (tests make it fail).</summary>
    internal static FileInventory Discover(string repositoryRoot, string scanPath, DiscoveryOptions options, Func<DirectoryInfo, IEnumerable<FileSystemInfo>> enumerate)
    {
        var walk = new FileWalk(Path.GetFullPath(repositoryRoot).TrimEnd(Path.DirectorySeparatorChar), enumerate);
        var start = Path.GetFullPath(scanPath).TrimEnd(Path.DirectorySeparatorChar);
        if (FileTypes.Of(start) != FileType.Directory && !Directory.Exists(start))
        {
            walk.AddEntry(new FileInfo(start), GitIgnoreRules.None);
            return walk.Result();
        }

        var git = GitTrackedFiles.List(start, InsideCheckout(start), options);
        walk.Run(new DirectoryInfo(start), AncestorRules(walk.Root, start), git);
        return walk.Result();
    }

    private static bool InsideCheckout(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return true;
            }
        }

        return false;
    }

    private static GitIgnoreRules AncestorRules(string root, string start)
    {
        var relative = Path.GetRelativePath(root, start);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal))
        {
            return GitIgnoreRules.None;
        }

        var folder = root;
        var rules = GitIgnoreRules.None.Enter(folder);
        foreach (var part in relative.Split(Path.DirectorySeparatorChar).SkipLast(1))
        {
            folder = Path.Combine(folder, part);
            rules = rules.Enter(folder);
        }

        return rules;
    }
}
