using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD052: Keras config refers to custom code.</summary>
internal static class KerasCustomObject
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD052",
        "Keras config refers to custom code",
        "A Keras config names a class or function from a module outside keras, tensorflow and numpy, or a registered custom object. Loading the model imports and runs that code from whatever package is installed under that name.",
        "Make sure the custom module is part of your reviewed code base and pinned. If it is, waive `MOD052` for this file; otherwise re-export the model with built-in layers.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010"],
        Precision.Medium,
        example: "A Keras `config.json` layer `{\"module\": \"acme_layers.blocks\", \"class_name\": \"GatedDense\", \"registered_name\": \"acme>GatedDense\"}`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
