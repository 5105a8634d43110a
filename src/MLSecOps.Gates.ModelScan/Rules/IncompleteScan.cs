using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD001: a model file could not be fully analysed, so it cannot be trusted (fail closed).</summary>
internal static class IncompleteScan
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD001",
        "Model file could not be fully analysed",
        "The scanner stopped before it had seen the whole file: it is malformed, truncated, larger than a scan budget, or of a container it cannot open. "
        + "A file that cannot be analysed could hide code that runs when it is loaded, so it is reported instead of passing.",
        "Re-export the model in a safe format (safetensors, ONNX) from a trusted environment. If the file is genuinely fine and too large for a budget, "
        + "record it in the model lock file and waive `MOD001` for that path with a reason and an expiry.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.ModelDenialOfService],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010"],
        Precision.High,
        example: "A 6 GB `pytorch_model.bin` above the scan budget, or a `.pt` ZIP whose central directory is cut off by a truncated upload.");

    /// <summary>Creates the finding for <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string reason) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), $"Scan incomplete: {reason}", $"incomplete:{logicalPath}:{reason}");
}
