using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD091: model signature is invalid.</summary>
internal static class ModelSignatureInvalid
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD091",
        "Model signature is invalid",
        "The `model.sig` bundle is malformed, its DSSE signature does not verify with the configured key or certificate, the certificate does not chain to a configured CA, or its manifest is inconsistent: the signature proves nothing about these files.",
        "Re-sign the model with a trusted key, or fix `signature-public-keys` / `signature-ca-certificates` in the policy if the signer's key changed.",
        Severity.Critical,
        [Threat.InformationManipulation],
        ["OWASP-ML06", "AML.T0010"],
        Precision.VeryHigh,
        example: "A `model.sig` whose DSSE signature does not verify with the configured key `keys/release.pub`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
