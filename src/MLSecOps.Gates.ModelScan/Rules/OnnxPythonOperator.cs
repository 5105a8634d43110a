using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD063: ONNX model calls a Python operator.</summary>
internal static class OnnxPythonOperator
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD063",
        "ONNX model calls a Python operator",
        "An ONNX node's operator type names Python (for example `PyOp` or `PythonOp`). Runtimes that support such operators run Python code chosen by the model.",
        "Replace the Python operator with standard operators and re-export. Never enable Python operators for models from outside your organisation.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "CWE-94"],
        Precision.High,
        example: "An ONNX node with `op_type: \"PyOp\"` (or `PythonOp`).");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
