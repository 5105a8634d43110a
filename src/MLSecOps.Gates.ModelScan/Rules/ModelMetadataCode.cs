using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD170: a string of a data-only model file holds Python or shell code, plainly or base64/hex encoded.</summary>
internal static class ModelMetadataCode
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD170",
        "Data-only model file carries Python or shell code in its strings",
        "A string of an XGBoost, LightGBM, CatBoost or MXNet model (attributes, feature names, parameters, graph attributes) is Python code (`__import__`, `os.system(`, `subprocess.run(`, `eval(`, `exec(`, `import os`) or a shell command line, as text or as base64 or hex that decodes to it. These loaders never run their strings, so the file cannot run it by itself; it is a staged payload for whatever reads the metadata, or a disguise, and it has no place in a model.",
        "Remove the string (re-save the model without it) and find out who wrote it; waive `MOD170` only for a reviewed, documented value.",
        Severity.Medium,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-94"],
        Precision.Medium,
        example: "An MXNet `model-symbol.json` whose graph `attrs.metadata` is `X19pbXBvcnRfXygnb3MnKS5zeXN0ZW0oJ2lkJyk=` (base64 of `__import__('os').system('id')`).");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
