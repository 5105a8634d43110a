using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD169: an MXNet symbol graph uses a <c>Custom</c> operator or names a native library.</summary>
internal static class MxNetCustomOperator
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD169",
        "MXNet graph uses a Custom operator or names a native library",
        "An MXNet `-symbol.json` graph has a node whose `op` is `Custom` (MXNet calls the Python `CustomOpProp` registered under its `op_type` in the loading process) or a node attribute (`library`, `lib_path`, `dll`, `plugin`) names a native library (`.so`, `.dll`, `.dylib` or a path) for `mx.library.load`. The graph cannot bring the code, but it chooses which Python or native code runs on every forward pass.",
        "Prefer built-in operators. If the custom operator is needed, make sure the class or library registered under that name is reviewed and pinned, then waive `MOD169` for the graph.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.Medium,
        example: "A `model-symbol.json` node `{\"op\": \"Custom\", \"name\": \"hook\", \"attrs\": {\"op_type\": \"acme_exec\"}}`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
