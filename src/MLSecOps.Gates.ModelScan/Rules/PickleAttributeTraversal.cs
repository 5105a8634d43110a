using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD005: pickle global reaches through dunder attributes.</summary>
internal static class PickleAttributeTraversal
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD005",
        "Pickle global reaches through dunder attributes",
        "A global name has a dunder component (`__builtins__`, `__globals__`, `__class__`, `__subclasses__`...) or walks a dotted path into another module. Pickle resolves dotted names attribute by attribute, so an allowlisted module can be used as a stepping stone to `eval` or `os.system`.",
        "Treat the file as malicious. No legitimate model references dunder attributes through a pickle global.",
        Severity.Critical,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.VeryHigh,
        example: "A pickle global `builtins` `eval.__call__`, or `numpy` `__builtins__.eval`: a dotted name that walks through dunder attributes to reach `eval`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
