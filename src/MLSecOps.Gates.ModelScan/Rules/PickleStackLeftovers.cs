using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD031: values or marks left on the pickle stack at STOP.</summary>
internal static class PickleStackLeftovers
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD031",
        "Pickle leaves many values on the stack at STOP",
        "STOP returns the top value and CPython silently drops everything below it, but pickle.dump always leaves exactly one value. "
        + "More than 100 leftover values or marks mean the stream was written by hand: a run of DUPs that pads the stack (stack-expansion "
        + "denial of service: each one-byte DUP holds a reference in the loader) or work hidden from tools that only look at the returned object.",
        "Re-create the file with the original library.",
        Severity.Medium,
        [Threat.ModelDenialOfService, Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0029"],
        Precision.Medium,
        example: "`PROTO 4`, `EMPTY_LIST`, 150 × `DUP`, `STOP`: 150 values left below the returned one.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
