using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD017: archive member is marked as encrypted.</summary>
internal static class EncryptedArchiveMember
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD017",
        "Archive member is marked as encrypted",
        "A ZIP member has the encryption flag set. Its content cannot be scanned if it is really encrypted, and loaders such as PyTorch ignore the flag, so it is also a known way to make scanners skip a member (CVE-2025-1945). A flagged member whose data is a pickle, array or archive is high and scanned as it is; a member whose data is really ciphertext (no loader reads it without the password) is medium: it cannot be inspected.",
        "Distribute models unencrypted and protect them with access control and signatures instead.",
        Severity.High,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "CVE-2025-1945"],
        Precision.High,
        example: "A `.pt` ZIP whose `archive/data.pkl` member has general-purpose flag bit 0 (encrypted) set.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
