using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD065: safetensors header is malformed or oversized.</summary>
internal static class SafeTensorsInvalidHeader
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD065",
        "safetensors header is malformed or oversized",
        "The 8-byte header length of a safetensors file is zero, larger than the file or larger than 100 MB, or the header is not the JSON the format requires (tensor entries with a known dtype, a shape of non-negative integers and two data offsets; string-to-string metadata). Loaders allocate by these declared sizes, so a lying header is a denial-of-service or a parser-confusion vector.",
        "Re-export the file with the `safetensors` library from a trusted copy of the weights.",
        Severity.High,
        [Threat.ModelDenialOfService, Threat.InformationManipulation],
        ["OWASP-ML06", "OWASP-LLM04", "AML.T0010"],
        Precision.VeryHigh,
        example: "A `.safetensors` file whose 8-byte little-endian header length is `0xFFFFFFFF` (larger than the file), or whose header is not JSON.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
