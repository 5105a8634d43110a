using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD164: torch7 file builds a class outside Lua Torch and nn.</summary>
internal static class Torch7ForeignClass
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD164",
        "torch7 file builds a class outside Lua Torch and nn",
        "A Lua Torch (`.t7`) object names a class outside `torch.*`, `nn.*`, `cudnn.*`, `nngraph.*`, `cunn.*`, `cutorch.*`, `optim.*`, `image.*`, `rnn.*` and `dpnn.*`. `torch.load` asks `torch.factory` for it and runs its `read` method: code of whatever Lua package registered that name.",
        "Check that the package defining the class is reviewed and pinned; then waive `MOD164` for the file.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.Medium,
        example: "A `model.t7` holding an object of class `acme.Backdoor`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence) =>
        Finding.Create(Descriptor, new Location(path, 1, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
