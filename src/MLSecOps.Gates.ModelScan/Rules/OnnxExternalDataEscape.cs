using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD060: ONNX external data points outside the model folder.</summary>
internal static class OnnxExternalDataEscape
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD060",
        "ONNX external data points outside the model folder",
        "An ONNX tensor keeps its data in an external file whose `location` is absolute, a URL, or climbs out of the model folder with `..` (or through a symbolic link). Loading or saving the model reads or overwrites that file (CVE-2022-25882, CVE-2024-27318, CVE-2025-51480).",
        "Re-export the model with external data files named relative to the model folder (for example `model.onnx.data`). Never load an ONNX model whose external data escapes its folder.",
        Severity.Critical,
        [Threat.DataCompromise, Threat.InformationManipulation],
        ["OWASP-ML06", "AML.T0010", "CWE-22"],
        Precision.VeryHigh,
        example: "An ONNX tensor with `data_location: EXTERNAL` and `location: \"../../../etc/shadow\"` (or `/abs/path`, `https://…`).");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
