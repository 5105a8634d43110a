using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD051: Keras config imports a dangerous Python module.</summary>
internal static class KerasDangerousModuleImport
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD051",
        "Keras config imports a dangerous Python module",
        "A `module`, `fn_module` or `function_module` entry of a Keras config names a module such as `os`, `subprocess` or `builtins`. Keras imports the module and calls the named object while deserialising, even in safe mode on vulnerable versions (CVE-2025-1550).",
        "Do not load the model. Re-export it from its source with only Keras layers. Upgrade Keras to 3.9 or later so that safe mode refuses such modules.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010", "CWE-502"],
        Precision.VeryHigh,
        example: "A Keras `config.json` entry `{\"module\": \"os\", \"class_name\": \"system\", …}` or `\"fn_module\": \"subprocess\"`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
