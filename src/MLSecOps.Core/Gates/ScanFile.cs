namespace MLSecOps.Core.Gates;

/// <summary>A file handed to a gate.</summary>
/// <param name="FullPath">The absolute path on disk.</param>
/// <param name="RelativePath">The path relative to the repository root, with forward slashes.</param>
/// <param name="Length">The size in bytes when discovered.</param>
public sealed record ScanFile(string FullPath, string RelativePath, long Length);
