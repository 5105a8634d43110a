using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD018: model file content does not match its extension.</summary>
internal static class ModelFormatMismatch
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD018",
        "Model file content does not match its extension",
        "The file name claims a model format (for example `.safetensors` or `.pt`) but the content is something else. A pickle or archive behind a safe-format extension is critical: it bypasses tools that trust the extension. Content that no loader of the claimed format runs (text, an image named `.pt`), or content the scanner read through as what it really is (a ZIP checkpoint named `.pkl`), is medium: the name misleads, but nothing is hidden.",
        "Rename the file to match its content, or re-export it in the format its name claims.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.InformationManipulation],
        ["OWASP-ML06", "AML.T0010", "CVE-2025-10155"],
        Precision.High,
        example: "A file named `model.safetensors` whose first bytes are `\\x80\\x02` (a pickle), or a `.pt` that is really a PNG.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
