using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD010: pickle modifies a class or function.</summary>
internal static class PickleGlobalMutation
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD010",
        "Pickle modifies a class or function",
        "A BUILD opcode sets attributes on a global (a class, function or module attribute) instead of on a new object. This rewires code at load time, for example to make an allowlisted name point at `os.system` (modelscan issue 85).",
        "Treat the file as malicious.",
        Severity.Critical,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.VeryHigh,
        example: "A pickle that loads the global `numpy.prod` and applies `BUILD` to it with a state dict such as `{\"a\": \"os\"}`: attributes set on the function itself, not on a new object.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
