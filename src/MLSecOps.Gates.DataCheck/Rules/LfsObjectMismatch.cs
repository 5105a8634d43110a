using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT064: Git LFS object does not match its pointer.</summary>
internal static class LfsObjectMismatch
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT064",
        "Git LFS object does not match its pointer",
        "The local LFS object for a pointer has another SHA-256 or size than the pointer records.",
        "Delete the local object and `git lfs pull` again; investigate if it recurs.",
        Severity.High,
        [Threat.InformationManipulation],
        ["AML.T0010", "AML.T0020"],
        Precision.High,
        example: "An LFS pointer with `oid sha256:9a3f…` whose object in `.git/lfs/objects/` hashes to a different SHA-256.");
}
