using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD106: NeMo config instantiates a class outside NeMo and PyTorch.</summary>
internal static class NemoForeignTarget
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD106",
        "NeMo config instantiates a class outside NeMo and PyTorch",
        "A Hydra `_target_` in a NeMo archive's config names a class or function outside NeMo, PyTorch, Lightning, OmegaConf, Megatron, Transformers and NumPy. Restoring the model imports and calls it.",
        "Check that the named module is reviewed code of your own or a pinned dependency. If it is, waive `MOD106` for the archive; otherwise re-export the model with NeMo classes only.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010"],
        Precision.Medium,
        example: "A `model_config.yaml` inside a `.nemo` with `model: {_target_: mycompany.models.Speech}`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
