using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT080: Data file differs from the lock file.</summary>
internal static class DataLockChanged
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT080",
        "Data file differs from the lock file",
        "The SHA-256 or size of a data-set file does not match what the lock file (the same one model-scan uses) recorded: the data was changed, replaced or tampered with after it was locked.",
        "If the change is intended, regenerate the lock with `mlsecops scan --write-lock` and review the diff in the pull request; otherwise restore the locked data.",
        Severity.High,
        [Threat.InformationManipulation, Threat.DataPoisoning],
        ["OWASP-ML02", "AML.T0020"],
        Precision.VeryHigh,
        example: "`data/train.csv` changed after `mlsecops scan --write-lock`: its SHA-256 differs from the locked one.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
