using MLSecOps.Core.Files;
using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy.Rules;

/// <summary>POL005: a symbolic link points out of the repository; it is never followed, so its target was not scanned.</summary>
public static class LinkOutsideRepository
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "POL005",
        "Link points out of the repository",
        "A symbolic link in the repository points to a file or folder outside it. The scanner never follows such a link (it could read any file on the build machine), so whatever the link resolves to where the repository is deployed was not checked.",
        "Replace the link with the file it points to, or remove it. If the link is intended (a machine-specific mount), exclude its path with the gate's `exclude` globs.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.Misconfiguration],
        ["CWE-59"],
        Precision.VeryHigh,
        example: "`models/base -> /mnt/shared/models/base`: a symbolic link whose target is outside the repository.");

    /// <summary>Creates the finding for a link out of the repository.</summary>
    /// <param name="problem">The discovery problem.</param>
    /// <returns>The finding.</returns>
    public static Finding Create(DiscoveryProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Finding.Create(Descriptor, Location.File(problem.RelativePath), $"Link not followed: {problem.Detail}; its target was not scanned.", $"link-out:{problem.RelativePath}");
    }
}
