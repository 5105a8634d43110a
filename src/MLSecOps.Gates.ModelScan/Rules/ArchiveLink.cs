using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD015: archive contains a link.</summary>
internal static class ArchiveLink
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD015",
        "Archive contains a link",
        "A ZIP or TAR member is a symbolic or hard link. Extracting it can expose or overwrite files outside the archive.",
        "Re-create the archive with regular files only.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["CWE-59", "OWASP-ML06"],
        Precision.VeryHigh,
        example: "A `model.tar` whose member `weights.bin` is a symbolic link to `/etc/passwd`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
