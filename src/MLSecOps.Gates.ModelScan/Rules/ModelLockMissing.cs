using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD020: locked model file is missing.</summary>
internal static class ModelLockMissing
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD020",
        "Locked model file is missing",
        "The model lock file lists a file that does not exist in the repository.",
        "Restore the file or regenerate the lock with `mlsecops model-scan --write-lock`.",
        Severity.Medium,
        [Threat.InformationManipulation],
        ["OWASP-ML10"],
        Precision.VeryHigh,
        example: "`models.lock` lists `models/old/encoder.onnx`, which no longer exists in the repository.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
