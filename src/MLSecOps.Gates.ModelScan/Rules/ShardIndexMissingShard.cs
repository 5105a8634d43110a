using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD083: a sharded-checkpoint index names a shard that is not in the model folder.</summary>
internal static class ShardIndexMissingShard
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD083",
        "Checkpoint index names a missing shard",
        "The `weight_map` of a sharded-checkpoint index names a shard file that is not in the model folder. The committed model cannot be loaded as is, and whatever file appears under that name at deployment becomes part of the model without being scanned.",
        "Commit every shard next to the index (and pin them in the model lock file), or regenerate the index with `save_pretrained`.",
        Severity.Medium,
        [Threat.InformationManipulation, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.High,
        example: "A `model.safetensors.index.json` naming `model-00002-of-00002.safetensors` while only `model-00001-of-00002.safetensors` is committed.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
