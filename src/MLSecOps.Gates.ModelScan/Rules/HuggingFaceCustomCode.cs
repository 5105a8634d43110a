using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD080: Hugging Face model runs custom code.</summary>
internal static class HuggingFaceCustomCode
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD080",
        "Hugging Face model runs custom code",
        "The model's `auto_map` points at Python files shipped with the model (or a config sets `trust_remote_code`). `transformers` imports and runs those files when the model is loaded with `trust_remote_code=True`.",
        "Review the named `.py` files like any other code in the repository, pin the model revision, and prefer models supported by `transformers` natively. Waive `MOD080` for the config once reviewed.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010"],
        Precision.High,
        example: "A model `config.json` with `\"auto_map\": {\"AutoModel\": \"modeling_custom.CustomModel\"}` and a `modeling_custom.py` beside it.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
