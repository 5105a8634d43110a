using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD094: model signer is not allowed.</summary>
internal static class SignerNotAllowed
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD094",
        "Model signer is not allowed",
        "The signature is by a key, certificate subject or Sigstore identity that the policy does not list (`signature-public-keys`, `signature-identities`, `signature-oidc-issuers`), or the policy lists none for this kind of signature: anyone can produce such a signature.",
        "Add the signer to the policy after checking who it is, or re-sign with an allowed identity.",
        Severity.High,
        [Threat.InformationManipulation],
        ["OWASP-ML06", "AML.T0010"],
        Precision.VeryHigh,
        example: "A `model.sig` whose key matches none of `signature-public-keys`, or a Sigstore signer `someone@gmail.com` not in `signature-identities`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
