using MLSecOps.Core.Files;
using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy.Rules;

/// <summary>POL006: <c>.gitignore</c> rules skipped paths and git could not say whether they are tracked, so they were not scanned.</summary>
public static class IgnoredPathsSkipped
{
    private const int MaxExamples = 5;

    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "POL006",
        "Ignore rules skipped paths",
        "In a git checkout the scanner asks git which files are tracked and scans every tracked file, even one a `.gitignore` pattern matches, because what git tracks is what ships. Here git could not answer (the folder is not a git checkout, or git is missing or failed), so `.gitignore` rules alone decided and the listed paths were not scanned.",
        "Scan a git checkout with git on the PATH, or check that the skipped paths hold nothing that ships (build output, caches).",
        Severity.Info,
        [Threat.MalwareDistribution],
        [],
        Precision.High,
        example: "Scanning an unpacked tarball (no `.git`) whose `.gitignore` lists `*.pkl`: `models/model.pkl` is skipped unscanned.");

    /// <summary>Creates one finding for the skipped paths a gate would have scanned.</summary>
    /// <param name="skipped">The skipped paths, at least one.</param>
    /// <returns>The finding, on the first skipped path.</returns>
    public static Finding Create(IReadOnlyList<DiscoveryProblem> skipped)
    {
        ArgumentNullException.ThrowIfNull(skipped);
        var examples = string.Join(", ", skipped.Take(MaxExamples).Select(p => p.IsFolder ? p.RelativePath + "/" : p.RelativePath));
        var more = skipped.Count > MaxExamples ? $" and {skipped.Count - MaxExamples} more" : "";
        return Finding.Create(
            Descriptor,
            Location.File(skipped[0].RelativePath),
            $".gitignore rules skipped {skipped.Count} path(s) without scanning them ({skipped[0].Detail}): {examples}{more}.",
            "ignored-without-git");
    }
}
