using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD120: Model file is a native executable.</summary>
internal static class ExecutableModelFile
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD120",
        "Model file is a native executable",
        "A file named like a model (or a `.llamafile`) starts with the header of a native program (ELF, PE `MZ`, Mach-O) or a script (`#!`). Running it runs whatever it contains; a llamafile is a program that embeds its weights, so it is code, not data.",
        "Distribute the weights as GGUF or safetensors and the runtime as a pinned, signed release. If the executable is a reviewed llamafile from its publisher, pin it in the model lock file and waive `MOD120`.",
        Severity.Medium,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-506"],
        Precision.High,
        example: "A `model.llamafile` (or `weights.bin`) whose first bytes are `\\x7fELF` or `MZ`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
