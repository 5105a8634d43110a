using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD086: Model card declares no licence.</summary>
internal static class ModelLicenseMissing
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD086",
        "Model card declares no licence",
        "A model card (README.md with Hugging Face front matter, or next to model files) has no `license:` in its front matter, so the terms under which the model may be used are unknown.",
        "Add `license: <spdx-id>` (or `license: other` with `license_name`) to the model card front matter after checking the model's source.",
        Severity.Low,
        [Threat.IntellectualPropertyInfringement],
        ["OWASP-LLM03"],
        Precision.Medium,
        example: "A model folder's `README.md` whose front matter has `tags: [text-classification]` but no `license:`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
