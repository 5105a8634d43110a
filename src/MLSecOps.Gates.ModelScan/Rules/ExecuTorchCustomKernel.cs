using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD166: ExecuTorch program needs custom operators or an unknown delegate backend.</summary>
internal static class ExecuTorchCustomKernel
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD166",
        "ExecuTorch program needs custom operators or an unknown delegate backend",
        "An ExecuTorch program (`.pte`) calls an operator outside ExecuTorch's own kernel namespaces (`aten`, `executorch_prim`, `quantized_decomposed`, `dim_order_ops`), or delegates a subgraph to a backend id that ExecuTorch does not ship. The runtime resolves both against native code registered by the application; the program cannot load code itself, but it chooses which native kernels run and feeds them its own blobs.",
        "Prefer programs lowered to the portable operators and the shipped backends. If the custom kernel or backend is required, make sure it is built from reviewed source and pinned, then waive `MOD166` for the name.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.Medium,
        example: "A `model.pte` whose `forward` plan lists the operator `acme::decrypt_weights.out`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence) =>
        Finding.Create(Descriptor, new Location(path, 1, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
