using MLSecOps.Core.Files;
using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy.Rules;

/// <summary>POL004: a path could not be scanned (unreadable or vanished folder, link loop, FIFO, socket or device), so the scan fails closed.</summary>
public static class PathNotScanned
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "POL004",
        "Path could not be scanned",
        "A path under the scanned folder could not be read: a folder that is unreadable or vanished during the scan, a link that loops, or something that is not a regular file (a named pipe, a socket, a device). Only regular files are read, since opening a FIFO blocks forever; whatever sits at this path was not checked, so the scan fails closed instead of passing silently.",
        "Make the folder readable, remove the link loop, or replace the special file with a regular file (or remove it); then scan again. A path that must stay can be excluded with the gate's `exclude` globs.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.Misconfiguration],
        ["CWE-636"],
        Precision.VeryHigh,
        example: "A named pipe made with `mkfifo data/stream.fifo`, or a folder with mode `000`, under the scanned path.");

    /// <summary>Creates the finding for a path that could not be scanned.</summary>
    /// <param name="problem">The discovery problem.</param>
    /// <returns>The finding.</returns>
    public static Finding Create(DiscoveryProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var what = problem.IsFolder ? "Folder" : "Path";
        return Finding.Create(Descriptor, Location.File(problem.RelativePath), $"{what} not scanned: {problem.Detail}.", $"not-scanned:{problem.RelativePath}");
    }
}
