using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT082: Data file is not in the lock file.</summary>
internal static class DataLockUnlisted
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT082",
        "Data file is not in the lock file",
        "A data-set file was added after the lock was written, so nobody reviewed its digest.",
        "Regenerate the lock with `mlsecops scan --write-lock` and commit it with the data.",
        Severity.Medium,
        [Threat.InformationManipulation, Threat.DataPoisoning],
        ["OWASP-ML02", "AML.T0020"],
        Precision.VeryHigh,
        example: "`data/extra.csv` added after the lock file was written.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
