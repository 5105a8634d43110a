using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD066: safetensors tensor offsets do not match the data.</summary>
internal static class SafeTensorsInconsistentLayout
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD066",
        "safetensors tensor offsets do not match the data",
        "A tensor's data offsets lie outside the data section, overlap another tensor, leave a gap, or disagree with its dtype and shape. Such files are rejected by conforming loaders and can make lenient ones read the wrong bytes or allocate huge buffers.",
        "Re-export the file with the `safetensors` library from a trusted copy of the weights.",
        Severity.High,
        [Threat.ModelDenialOfService, Threat.InformationManipulation],
        ["OWASP-ML06", "OWASP-LLM04", "AML.T0010"],
        Precision.VeryHigh,
        example: "A safetensors header entry `{\"dtype\": \"F32\", \"shape\": [1024, 1024], \"data_offsets\": [0, 16]}`: 16 bytes where 4 MiB are needed, or offsets overlapping another tensor.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
