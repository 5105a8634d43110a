using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD007: pickle frames are inconsistent.</summary>
internal static class PickleFrameViolation
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD007",
        "Pickle frames are inconsistent",
        "A protocol-4 FRAME is nested in another frame or an opcode crosses the end of its frame. CPython's C unpickler and the pure-Python tools (`pickletools`) disagree on such streams, so a scanner can be shown different opcodes from the ones that run (CPython issue 154848).",
        "Treat the file as malicious: `pickle.dump` never writes such frames.",
        Severity.Critical,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.VeryHigh,
        example: "A protocol-4 pickle with a `FRAME` opcode inside another frame, or a `SHORT_BINUNICODE` whose bytes run past the end of the current frame.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
