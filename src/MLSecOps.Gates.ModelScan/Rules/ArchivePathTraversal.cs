using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD014: archive member path escapes the extraction folder.</summary>
internal static class ArchivePathTraversal
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD014",
        "Archive member path escapes the extraction folder",
        "A ZIP or TAR member name is absolute, has a drive letter or contains `..` segments. Extracting the archive would write outside its folder (zip slip).",
        "Re-create the archive with relative member names only.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["CWE-22", "OWASP-ML06"],
        Precision.VeryHigh,
        example: "A `.zip` or `.tar` model bundle with a member named `../../home/user/.bashrc` or `/etc/cron.d/job`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
