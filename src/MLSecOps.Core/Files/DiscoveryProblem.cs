namespace MLSecOps.Core.Files;

/// <summary>A path the discovery could not hand to the gates, and why; it becomes a finding on that path, never a silent skip.</summary>
/// <param name="RelativePath">The repository-relative path.</param>
/// <param name="Kind">What went wrong.</param>
/// <param name="Detail">One line on what was found, such as <c>a named pipe (FIFO)</c>.</param>
/// <param name="IsFolder">Whether the path is a folder whose contents are unknown.</param>
public sealed record DiscoveryProblem(string RelativePath, DiscoveryProblemKind Kind, string Detail, bool IsFolder);

/// <summary>Why a path was not scanned.</summary>
public enum DiscoveryProblemKind
{
    /// <summary>The path could not be read: an unreadable or vanished folder, a link loop, or not a regular file.</summary>
    Unreadable,

    /// <summary>A link points out of the repository, so its content is not what the repository ships.</summary>
    LinkOutsideRepository,

    /// <summary>A <c>.gitignore</c> rule skipped the path and git could not say whether it is tracked (not a checkout, or git unavailable).</summary>
    IgnoredWithoutGit,
}
