using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD096: model signature only partly verified offline.</summary>
internal static class SignatureNotFullyVerified
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD096",
        "Model signature only partly verified offline",
        "A Sigstore keyless signature was checked offline: the DSSE envelope, the file digests and the signer identity in the certificate were verified, but the transparency-log entry (Rekor inclusion proof and signed entry timestamp) and timestamps were not, and the certificate chain only if a Fulcio root is configured. The finding names the signer and what was not verified.",
        "Configure the Sigstore Fulcio root and intermediate in `signature-ca-certificates` so the chain is checked, and verify the transparency log online where the network allows (`model_signing verify sigstore`).",
        Severity.Info,
        [Threat.InformationManipulation],
        ["OWASP-ML06"],
        Precision.High,
        example: "A Sigstore keyless `model.sig` by `ml-release@example.org` (issuer `https://token.actions.githubusercontent.com`), whose transparency-log entry cannot be checked offline.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
