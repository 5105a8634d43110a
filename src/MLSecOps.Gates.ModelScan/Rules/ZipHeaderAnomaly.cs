using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD013: zIP headers are inconsistent.</summary>
internal static class ZipHeaderAnomaly
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD013",
        "ZIP headers are inconsistent",
        "The archive has data before its first member, duplicate names, general-purpose flag bits or compression fields that differ between local and central headers, or a local header that is missing. Loaders ignore these while scanners trip on them (CVE-2025-1945, CVE-2025-10156).",
        "Re-create the archive with a standard tool.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "CVE-2025-1945", "CVE-2025-10156"],
        Precision.High,
        example: "A `.pt` ZIP with 1 KB of bytes before its first local header, or two members both named `archive/data.pkl`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
