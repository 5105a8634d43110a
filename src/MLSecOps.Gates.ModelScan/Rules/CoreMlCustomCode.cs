using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD137: CoreML model needs custom layer or model code.</summary>
internal static class CoreMlCustomCode
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD137",
        "CoreML model needs custom layer or model code",
        "A CoreML model (`.mlmodel`) has a custom layer (`NeuralNetworkLayer.custom`) or is a custom model (`Model.customModel`). CoreML runs the Objective-C/Swift class named by `className` for it: code of the app, not of the model, but chosen by the model's author.",
        "Make sure the named class is reviewed code of your app. Prefer models converted with built-in layers only; once reviewed, waive `MOD137` for the model.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.High,
        example: "A `model.mlmodel` with a neural-network layer `custom { className: \"MyRuntimeLayer\" }`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
