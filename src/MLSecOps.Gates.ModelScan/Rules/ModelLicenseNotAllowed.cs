using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD085: Model licence is not on the allowed list.</summary>
internal static class ModelLicenseNotAllowed
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD085",
        "Model licence is not on the allowed list",
        "The model card (README.md front matter) declares a licence that is not in the policy's `allowed-licenses`. Shipping the model may infringe its licence terms.",
        "Use a model under an allowed licence, or add the licence id to `allowed-licenses` after legal review.",
        Severity.High,
        [Threat.IntellectualPropertyInfringement],
        ["OWASP-LLM03", "AML.T0010"],
        Precision.High,
        example: "With `allowed-licenses: [apache-2.0, mit]`, a model card front matter `license: llama3` (or `cc-by-nc-4.0`).");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
