using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD061: ONNX external data file is missing.</summary>
internal static class OnnxExternalDataMissing
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD061",
        "ONNX external data file is missing",
        "An ONNX tensor keeps its data in an external file that is not in the model folder. The model cannot be loaded as committed, and whatever file appears there at deployment becomes part of the model.",
        "Commit the external data file next to the model (and pin it in the model lock file), or embed the tensor in the model.",
        Severity.Medium,
        [Threat.InformationManipulation, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.High,
        example: "An ONNX tensor whose external `location: \"model.onnx.data\"` names a file that is not beside `model.onnx`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
