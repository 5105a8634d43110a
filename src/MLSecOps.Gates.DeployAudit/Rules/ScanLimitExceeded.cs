using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP004: a file exceeds a parser cap (size, documents, nesting or alias expansion), so it was not fully audited.</summary>
internal static class ScanLimitExceeded
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DEP004",
        "Deployment file exceeds a scan limit",
        "The file is larger than the size cap, has too many documents, nests too deeply, or uses YAML aliases that expand to a huge tree (a \"billion laughs\" bomb). It was not fully audited, so it is reported instead of passing.",
        "Split very large rendered manifests into several files. Remove alias chains that expand exponentially; Kubernetes does not need them.",
        Severity.High,
        [Threat.Misconfiguration, Threat.ModelDenialOfService],
        ["CWE-776", "CWE-400"],
        Precision.VeryHigh,
        example: "A 50 MB rendered manifest above the size cap, or a \"billion laughs\" file whose aliases `&a [*b, *b, …]` expand exponentially.");

    /// <summary>Creates the hit.</summary>
    public static Hit Create(string path, TextSpan span, string reason) =>
        new(Descriptor, path, span, "limits", reason, $"Not fully audited: {reason}.");
}
