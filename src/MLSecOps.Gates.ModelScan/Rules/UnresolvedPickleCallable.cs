using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD004: pickle calls something the scanner cannot resolve.</summary>
internal static class UnresolvedPickleCallable
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD004",
        "Pickle calls something the scanner cannot resolve",
        "A call opcode (REDUCE, NEWOBJ, NEWOBJ_EX, OBJ, STACK_GLOBAL) gets its callable or its name from something that is not a literal global: a value built at load time, a memo slot that was never set, or strings the scanner could not keep. Attackers use this to hide the real callable from scanners.",
        "Treat the file as malicious: legitimate pickles always name their callables literally. Re-export the model from a trusted environment.",
        Severity.Critical,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.High,
        example: "A pickle whose `STACK_GLOBAL` takes its module and name from `BINGET` of memo slots that were never `MEMOIZE`d, or whose `REDUCE` calls the result of another call.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
