using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD008: pickle contains another pickle.</summary>
internal static class NestedPickle
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD008",
        "Pickle contains another pickle",
        "A bytes or string literal inside the pickle is itself a pickle (for example the argument of `pickle.loads` or `torch.storage._load_from_bytes`). It is scanned recursively, up to a depth budget, and its own findings are reported with a `>` in the logical path.",
        "Nested pickles are rare in ordinary checkpoints. Prefer saving tensors and plain containers only; if the nested pickle is expected, waive this finding for the path.",
        Severity.Medium,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.High,
        example: "A pickle that calls `pickle.loads` (or `torch.storage._load_from_bytes`) on a `BINBYTES` literal that itself starts with `\\x80\\x04` and holds a second pickle.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
