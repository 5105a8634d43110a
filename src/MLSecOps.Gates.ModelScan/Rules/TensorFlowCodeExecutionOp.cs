using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD055: TensorFlow graph runs Python or writes files.</summary>
internal static class TensorFlowCodeExecutionOp
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD055",
        "TensorFlow graph runs Python or writes files",
        "A TensorFlow graph (SavedModel, frozen graph, or a graph nested in a node or function) contains an op that calls back into Python (`PyFunc`, `EagerPyFunc`, `PyFuncStateless`) or writes to the file system (`WriteFile`, `SaveDataset`, summary writers). Serving the model runs it.",
        "Rebuild the model without `tf.py_function`/`tf.numpy_function` and without file writes inside the graph. If the op is intended, waive `MOD055` for this file and node with a reason.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010", "CWE-94"],
        Precision.High,
        example: "A TensorFlow SavedModel `saved_model.pb` whose graph has a node with `op: \"PyFunc\"` (from `tf.py_function`) or `op: \"WriteFile\"`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
