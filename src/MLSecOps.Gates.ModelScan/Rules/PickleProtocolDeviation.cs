using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD025: pickle uses opcodes its declared protocol does not have, or declares its protocol twice.</summary>
internal static class PickleProtocolDeviation
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD025",
        "Pickle does not follow its declared protocol",
        "The stream uses an opcode newer than the protocol it declares, or has a PROTO opcode after its start (hand-written pickles and some serialisers, such as dill, do this). CPython's unpickler accepts both and so does the scanner, which reads every opcode the same way; the note only says the file was not written by `pickle.dump`.",
        "Nothing to fix when the file comes from a trusted tool; the globals it references are checked by the other pickle rules.",
        Severity.Info,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "CWE-502"],
        Precision.VeryHigh,
        example: "A pickle that declares `PROTO 2` and then uses `MEMOIZE` (0x94, a protocol 4 opcode), or has a second `PROTO`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
