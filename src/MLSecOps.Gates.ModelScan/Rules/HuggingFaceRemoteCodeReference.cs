using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD081: Hugging Face model loads code that is not in the repository.</summary>
internal static class HuggingFaceRemoteCodeReference
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD081",
        "Hugging Face model loads code that is not in the repository",
        "The model's `auto_map` names code in another Hub repository (`repo--module.Class`) or a module file that is missing from the model folder. `transformers` downloads and runs that code at load time, so it is unreviewed and unpinned.",
        "Vendor the code next to the model and review it, or use a model that needs no remote code.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010"],
        Precision.High,
        example: "A model `config.json` with `\"auto_map\": {\"AutoModel\": \"other-org/helper--modeling.Model\"}` (code in another Hub repository) or naming a missing `modeling_x.py`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
