using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD082: a sharded-checkpoint index names a shard outside the model folder.</summary>
internal static class ShardIndexEscape
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD082",
        "Checkpoint index points outside the model folder",
        "The `weight_map` of a sharded-checkpoint index (`model.safetensors.index.json`, `pytorch_model.bin.index.json`) names a shard by absolute path, URL, or a path that climbs out of the model folder. Loaders join the name to the folder, so the model loads (and, for `.bin` shards, unpickles) whatever file the index points at.",
        "Regenerate the index with `save_pretrained`, which names shards relative to the model folder (`model-00001-of-00002.safetensors`). Never load a model whose index escapes its folder.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.DataCompromise],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010", "CWE-22"],
        Precision.VeryHigh,
        example: "A `model.safetensors.index.json` whose `weight_map` maps `lm_head.weight` to `../../shared/evil.safetensors` or `/tmp/shard.bin`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
