using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD012: zIP local and central names differ.</summary>
internal static class ZipNameMismatch
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD012",
        "ZIP local and central names differ",
        "The name in a member's local header differs from its central-directory name. Python's `zipfile` refuses such archives while PyTorch loads them, a known scanner bypass (CVE-2025-1944). Both views are scanned.",
        "Re-create the archive with a standard tool (`torch.save`, `zipfile`).",
        Severity.High,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CVE-2025-1944"],
        Precision.VeryHigh,
        example: "A `.pt` ZIP whose local header names `archive/data.pkl` while the central directory names `archive/data.pk_`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
