using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD092: signed model file changed or missing.</summary>
internal static class SignedFileChanged
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD092",
        "Signed model file changed or missing",
        "A file listed in the signed manifest of `model.sig` has a different SHA-256 now, or is gone: the model was altered after it was signed.",
        "Restore the signed file, or re-sign the model folder after reviewing the change.",
        Severity.Critical,
        [Threat.InformationManipulation, Threat.DataPoisoning],
        ["OWASP-ML06", "AML.T0018"],
        Precision.VeryHigh,
        example: "`models/bert/config.json` edited after `model_signing sign`, so its SHA-256 differs from the signed manifest.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
