using MLSecOps.Core.Gates;

namespace MLSecOps.Core.Files;

/// <summary>Lists the files under a scan path: skips <c>.git/</c> and git-ignored files, and never follows a link out of the repository.</summary>
public static class FileDiscovery
{
    /// <summary>Lists the files to consider, sorted by path.</summary>
    /// <param name="repositoryRoot">The absolute repository root; links resolving outside it are skipped.</param>
    /// <param name="scanPath">A folder or a single file inside the root.</param>
    /// <returns>The files with repository-relative paths.</returns>
    public static IReadOnlyList<ScanFile> Discover(string repositoryRoot, string scanPath)
    {
        var root = Path.GetFullPath(repositoryRoot);
        var start = Path.GetFullPath(scanPath);
        var files = new List<ScanFile>();
        if (File.Exists(start))
        {
            AddFile(root, new FileInfo(start), files);
            return files;
        }

        var rules = AncestorRules(root, start);
        Walk(root, new DirectoryInfo(start), rules, files);
        // A link inside the root to another file inside it would hand the same content over twice.
        return [.. files.DistinctBy(f => f.FullPath, StringComparer.Ordinal).OrderBy(f => f.RelativePath, StringComparer.Ordinal)];
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

    private static void Walk(string root, DirectoryInfo start, GitIgnoreRules startRules, List<ScanFile> files)
    {
        var pending = new Stack<(DirectoryInfo Folder, GitIgnoreRules Rules)>();
        pending.Push((start, startRules));
        while (pending.Count > 0)
        {
            var (folder, parentRules) = pending.Pop();
            var rules = parentRules.Enter(folder.FullName);
            foreach (var entry in folder.EnumerateFileSystemInfos())
            {
                if (entry is DirectoryInfo dir)
                {
                    // A linked folder could point anywhere, including back up the tree: never descend into one.
                    if (dir.Name != ".git" && dir.LinkTarget is null && !rules.IsIgnored(dir.FullName, isDirectory: true))
                    {
                        pending.Push((dir, rules));
                    }
                }
                else if (entry is FileInfo file && !rules.IsIgnored(file.FullName, isDirectory: false))
                {
                    AddFile(root, file, files);
                }
            }
        }
    }

    private static void AddFile(string root, FileInfo file, List<ScanFile> files)
    {
        if (file.LinkTarget is not null)
        {
            var target = file.ResolveLinkTarget(returnFinalTarget: true);
            if (target is not FileInfo { Exists: true } resolved || !IsInside(root, resolved.FullName))
            {
                return;
            }

            file = resolved;
        }

        if (IsInside(root, file.FullName))
        {
            files.Add(new ScanFile(file.FullName, Path.GetRelativePath(root, file.FullName).Replace('\\', '/'), file.Length));
        }
    }

    private static bool IsInside(string root, string path)
    {
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal);
    }
}
