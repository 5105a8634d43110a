using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD093: file added to a signed model.</summary>
internal static class FileAddedAfterSigning
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD093",
        "File added to a signed model",
        "A file in a signed model folder is not in the signed manifest (and not ignored by it): it was added after signing, and a loader may pick it up (an extra pickle, a replaced tokenizer, custom code).",
        "Remove the file, or re-sign the model folder if it belongs to the model.",
        Severity.High,
        [Threat.InformationManipulation],
        ["OWASP-ML06", "AML.T0018"],
        Precision.VeryHigh,
        example: "`models/bert/extra/pytorch_model.bin` added to a signed folder but not listed in its `model.sig`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
