using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD030: a pickle whose shared references expand far beyond what the stream writes (memo or DUP expansion bomb).</summary>
internal static class PickleExpansionBomb
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD030",
        "Pickle expands into far more objects than it writes",
        "Repeated memo GET or DUP references to growing containers (a list appended to itself, tuples of the tuple before) build a value "
        + "whose expanded size grows exponentially with the file: the pickle equivalent of the billion-laughs attack. Loading is cheap, but "
        + "printing, hashing, comparing, copying or serialising the result walks every path and exhausts time or memory.",
        "Do not load the file. Re-create the model with the original library; ordinary data never needs more than a few shared references. "
        + "If the data is genuinely this shared, raise `max-pickle-expansion` for the repository or waive `MOD030` for the path.",
        Severity.High,
        [Threat.ModelDenialOfService],
        ["OWASP-LLM04", "AML.T0029", "CWE-776", "CWE-400"],
        Precision.High,
        example: "A 185-byte pickle: `PROTO 4`, `EMPTY_LIST`, `MEMOIZE`, then 60 × (`BINGET 0`, `APPEND`): a list appended to itself 60 times.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
