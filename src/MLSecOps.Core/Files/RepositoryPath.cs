namespace MLSecOps.Core.Files;

/// <summary>Turns file-system paths into repository-relative paths with forward slashes, without touching the name itself.</summary>
public static class RepositoryPath
{
    /// <summary>Returns <paramref name="fullPath"/> relative to <paramref name="root"/>, with forward slashes.</summary>
    /// <remarks>Only the platform's own separator is replaced: on Linux a backslash is an ordinary character in a
    /// name (<c>fixtures\evil.pkl</c> is one file), and rewriting it would report, and glob-match, a different path.</remarks>
    /// <param name="root">The absolute repository root.</param>
    /// <param name="fullPath">An absolute path.</param>
    /// <returns>The relative path.</returns>
    public static string Relative(string root, string fullPath) => FromPlatform(Path.GetRelativePath(root, fullPath));

    /// <summary>Returns a platform-relative path with the platform's separator turned into <c>/</c>.</summary>
    /// <param name="platformPath">A relative path as the platform writes it.</param>
    /// <returns>The forward-slash path.</returns>
    public static string FromPlatform(string platformPath)
    {
        ArgumentNullException.ThrowIfNull(platformPath);
        return Path.DirectorySeparatorChar == '/' ? platformPath : platformPath.Replace(Path.DirectorySeparatorChar, '/');
    }
}
