using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD068: safetensors file hides a pickle after its tensors.</summary>
internal static class SafeTensorsAppendedPickle
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD068",
        "safetensors file hides a pickle after its tensors",
        "The bytes after the tensor data start like a Python pickle (`0x80` and a protocol number). A loader tricked into reading the file as a pickle (a renamed file, a fallback path) runs whatever that pickle calls.",
        "Do not use the file. Obtain the weights from a trusted source and re-export them with the `safetensors` library.",
        Severity.Critical,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010", "CWE-502"],
        Precision.High,
        example: "A `.safetensors` file whose bytes after the last tensor start with `\\x80\\x04` followed by a pickle stream.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
