using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD006: pickle stream is malformed.</summary>
internal static class MalformedPickle
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD006",
        "Pickle stream is malformed",
        "The pickle stream is truncated, has an unknown opcode, underflows its stack, reads a memo slot that was never written, declares an unsupported protocol, uses opcodes newer than its declared protocol or cannot be decoded. CPython may still run everything before the broken point (nullifAI), while other tools give up, so a broken stream is suspicious in itself. It is medium only when the stream breaks before any import, where both CPython unpicklers raise.",
        "Re-create the file from the original model. Findings reported before the broken point are real and must be handled too.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.ModelDenialOfService],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.High,
        example: "A `model.pkl` truncated before its `STOP` opcode, or containing the unknown opcode byte `0xff`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);

    /// <summary>Creates a medium finding for a stream that breaks before any opcode that imports or calls.</summary>
    /// <remarks>
    /// CPython raises at the broken point, and everything before it only pushed data: no loader runs code from the
    /// stream, so it is reported but does not block. A stream that imported anything first keeps the rule's severity.
    /// </remarks>
    public static Finding CreateInert(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Create(path, logicalPath, $"{message} No opcode before it imports or calls anything, so no loader runs code from it; it is reported at medium.", contentKey, evidence)
            with { Severity = Severity.Medium };
}
