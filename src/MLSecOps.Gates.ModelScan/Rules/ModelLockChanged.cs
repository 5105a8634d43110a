using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD019: model file differs from the lock file.</summary>
internal static class ModelLockChanged
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD019",
        "Model file differs from the lock file",
        "The SHA-256 of a model file does not match the digest recorded in the model lock file: the model was replaced or tampered with after it was locked.",
        "If the change is intended, regenerate the lock with `mlsecops model-scan --write-lock` and review the diff in the pull request.",
        Severity.High,
        [Threat.InformationManipulation, Threat.DataPoisoning],
        ["OWASP-ML10", "AML.T0018"],
        Precision.VeryHigh,
        example: "`models/classifier.safetensors` whose SHA-256 differs from the digest recorded for it in `models.lock`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
