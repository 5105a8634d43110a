using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD095: signing certificate expired or not yet valid.</summary>
internal static class SigningCertificateExpired
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD095",
        "Signing certificate expired or not yet valid",
        "The certificate that signed `model.sig` (or one in its chain) is outside its validity period at verification time, so the CA no longer vouches for the signer.",
        "Re-sign the model with a current certificate.",
        Severity.High,
        [Threat.InformationManipulation],
        ["OWASP-ML06"],
        Precision.VeryHigh,
        example: "A signing certificate valid from 2025-06-01 to 2026-05-31, checked on 2026-06-01.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
