using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD135: TFLite model uses custom or Flex operators.</summary>
internal static class TfLiteCustomOperator
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD135",
        "TFLite model uses custom or Flex operators",
        "A TensorFlow Lite flatbuffer declares an operator code that is `CUSTOM` (implemented by a native library the application registers) or a Flex op (`Flex*`, a full TensorFlow kernel run by the select-ops delegate). Custom kernels are native code outside the model's review; Flex ops bring TensorFlow ops such as file reads into the interpreter.",
        "Prefer built-in TFLite operators. If the custom operator is required, make sure its kernel is built from reviewed source and pinned, then waive `MOD135` for the operator.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.Medium,
        example: "A `model.tflite` whose operator codes include the custom `MyNativeOp` and `FlexWriteFile`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
