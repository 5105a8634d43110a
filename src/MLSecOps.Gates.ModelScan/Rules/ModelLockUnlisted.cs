using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD021: model file is not in the lock file.</summary>
internal static class ModelLockUnlisted
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD021",
        "Model file is not in the lock file",
        "A model file is not recorded in the model lock file, so nobody reviewed its digest.",
        "Regenerate the lock with `mlsecops model-scan --write-lock` and commit it with the model.",
        Severity.Medium,
        [Threat.InformationManipulation],
        ["OWASP-ML10"],
        Precision.VeryHigh,
        example: "A new `models/ranker.safetensors` committed without regenerating `models.lock`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
