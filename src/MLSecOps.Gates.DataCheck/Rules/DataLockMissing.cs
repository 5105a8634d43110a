using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT081: Locked data file is missing.</summary>
internal static class DataLockMissing
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT081",
        "Locked data file is missing",
        "The lock file records a data-set file that no longer exists, so the data trained or deployed is not the data that was reviewed.",
        "Restore the file, or regenerate the lock with `mlsecops scan --write-lock` if it was removed on purpose.",
        Severity.High,
        [Threat.InformationManipulation, Threat.DataPoisoning],
        ["OWASP-ML02", "AML.T0020"],
        Precision.VeryHigh,
        example: "The lock lists `9f2c…  52318  data  data/test.csv`, but `data/test.csv` was deleted.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
