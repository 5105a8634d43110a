using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD056: TensorFlow graph reads or lists files.</summary>
internal static class TensorFlowFileAccessOp
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD056",
        "TensorFlow graph reads or lists files",
        "A TensorFlow graph contains an op that reads or lists files on the host (`ReadFile`, `MatchingFiles`, file readers and dataset sources). A model that reads host files at inference can leak secrets such as keys and tokens.",
        "Remove the file access from the exported graph; feed data through the serving signature instead. If the read is intended, waive `MOD056` for this file and node.",
        Severity.High,
        [Threat.UnintendedSystemInteraction, Threat.DataCompromise],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010"],
        Precision.Medium,
        example: "A SavedModel `saved_model.pb` whose graph has a node with `op: \"ReadFile\"` or `op: \"MatchingFiles\"`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
