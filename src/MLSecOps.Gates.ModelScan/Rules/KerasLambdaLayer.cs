using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD050: Keras model contains a Lambda layer (code).</summary>
internal static class KerasLambdaLayer
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD050",
        "Keras model contains a Lambda layer (code)",
        "A Keras Lambda layer (or a serialized `__lambda__` function) stores Python code, usually marshalled bytecode, in the model config. Loading the model with safe mode off runs that code (CVE-2024-3660).",
        "Replace the Lambda layer by a built-in layer or a registered custom layer whose code lives in your repository, re-export the model, and load it with `safe_mode=True`. If the Lambda is your own and reviewed, waive `MOD050` for this file with a reason.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010", "CWE-94"],
        Precision.VeryHigh,
        example: "A Keras `model.keras` whose `config.json` has `{\"class_name\": \"Lambda\", \"config\": {\"function\": {\"__lambda__\": …}}}` with marshalled bytecode.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
