using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD067: safetensors file has bytes after its tensors.</summary>
internal static class SafeTensorsTrailingData
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD067",
        "safetensors file has bytes after its tensors",
        "The file is longer than its header and tensors account for. The extra bytes are invisible to safetensors loaders but can carry a second payload (a polyglot file) for tools that read the file another way.",
        "Re-export the file with the `safetensors` library; a conforming writer leaves no trailing bytes.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.InformationManipulation],
        ["OWASP-ML06", "AML.T0010"],
        Precision.High,
        example: "A `.safetensors` file with 4 KB of bytes after the end of its last tensor's `data_offsets`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
