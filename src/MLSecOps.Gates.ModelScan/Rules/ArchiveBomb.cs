using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD016: archive member expands suspiciously.</summary>
internal static class ArchiveBomb
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD016",
        "Archive member expands suspiciously",
        "A compressed member declares an expansion ratio above 100 to 1 and more than 10 MiB, or the archive nests archives deeper than the budget. Such members exhaust memory or disk when loaded (zip bomb).",
        "Store large members uncompressed (as `torch.save` does) or split the archive.",
        Severity.High,
        [Threat.ModelDenialOfService],
        ["CWE-409", "OWASP-ML06"],
        Precision.High,
        example: "A ZIP member that declares 2 KB compressed and 4 GB uncompressed (ratio above 100:1 and more than 10 MiB).");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
