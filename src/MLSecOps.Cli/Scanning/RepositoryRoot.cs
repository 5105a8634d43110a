namespace MLSecOps.Cli.Scanning;

/// <summary>Finds the folder every reported path is relative to, so code scanning maps findings onto files.</summary>
internal static class RepositoryRoot
{
    /// <summary>
    /// Returns GITHUB_WORKSPACE or BUILD_SOURCESDIRECTORY when the scanned path is inside it, else the git top level
    /// above the path, else the path itself (its folder for a single file).
    /// </summary>
    public static string Resolve(string scanPath, CliHost host)
    {
        var full = Path.GetFullPath(scanPath);
        foreach (var variable in new[] { "GITHUB_WORKSPACE", "BUILD_SOURCESDIRECTORY" })
        {
            if (host.Variable(variable) is { } workspace && IsInside(Path.GetFullPath(workspace), full))
            {
                return Path.GetFullPath(workspace).TrimEnd(Path.DirectorySeparatorChar);
            }
        }

        var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full)!;
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return dir.FullName.TrimEnd(Path.DirectorySeparatorChar);
            }
        }

        return folder.TrimEnd(Path.DirectorySeparatorChar);
    }

    private static bool IsInside(string root, string path)
    {
        var prefix = root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
        return path == root.TrimEnd(Path.DirectorySeparatorChar) || path.StartsWith(prefix, StringComparison.Ordinal);
    }
}
