using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD062: ONNX model uses a custom operator domain.</summary>
internal static class OnnxCustomOperatorDomain
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD062",
        "ONNX model uses a custom operator domain",
        "An ONNX node or opset import uses an operator domain other than the standard ones (`ai.onnx`, `ai.onnx.ml`, `ai.onnx.training`, `ai.onnx.preview.training`, `com.microsoft`). Custom operators are implemented by native libraries the runtime loads, which run arbitrary code.",
        "Prefer standard operators. If the custom domain is required, make sure its operator library is built from reviewed source and pinned, then waive `MOD062` for the domain.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.Medium,
        example: "An ONNX node with `domain: \"com.acme.customops\"` (or an `opset_import` of that domain).");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
