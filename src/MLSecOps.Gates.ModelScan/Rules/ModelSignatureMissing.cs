using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD090: model is not signed.</summary>
internal static class ModelSignatureMissing
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD090",
        "Model is not signed",
        "The policy requires a signature (`require-signature: true`) and this model folder carries no OpenSSF model-signing `model.sig` in it or in a folder above it, so nobody can tell who produced it.",
        "Sign the model folder with `model_signing sign` (key, certificate or Sigstore) and commit `model.sig` beside the model, or waive the rule for models that are not deployed.",
        Severity.High,
        [Threat.InformationManipulation],
        ["OWASP-ML06", "AML.T0010"],
        Precision.VeryHigh,
        example: "`require-signature: true` and `models/bert/model.safetensors` with no `model.sig` in `models/bert/` or above it.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
