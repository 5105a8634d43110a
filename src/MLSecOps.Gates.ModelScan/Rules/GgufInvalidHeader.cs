using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD070: GGUF header is malformed or lies about its sizes.</summary>
internal static class GgufInvalidHeader
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD070",
        "GGUF header is malformed or lies about its sizes",
        "The GGUF header has an unknown version, or declares more metadata entries, tensors, string or array bytes or tensor dimensions than the file holds, or tensor data outside the file. Loaders allocate by these counts: a lying header is a denial-of-service and memory-corruption vector (several llama.cpp CVEs).",
        "Re-convert the model with a current `llama.cpp` `convert_hf_to_gguf.py` from trusted weights.",
        Severity.High,
        [Threat.ModelDenialOfService, Threat.MalwareDistribution],
        ["OWASP-ML06", "OWASP-LLM04", "AML.T0010", "CWE-787"],
        Precision.VeryHigh,
        example: "A `.gguf` whose header declares `tensor_count` 2^40 in a 10 MB file, or version 99.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
