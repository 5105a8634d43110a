using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP003: an in-source ignore names a rule but gives no reason, so it does not suppress anything.</summary>
internal static class IgnoreWithoutReason
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DEP003",
        "Ignore comment or annotation without a reason",
        "A `# mlsecops:ignore DEPnnn` comment or an `mlsecops.io/ignore` annotation names a rule but no reason. Unexplained ignores hide risks from reviewers, so they suppress nothing.",
        "Add the reason after the id: `# mlsecops:ignore DEP024 base image pinned by the platform team` or `mlsecops.io/ignore: \"DEP024=pinned by platform\"`.",
        Severity.Low,
        [Threat.Misconfiguration],
        [],
        Precision.VeryHigh,
        example: "A Dockerfile line `# mlsecops:ignore DEP024` with no reason after the id.");

    /// <summary>Creates the hit at the ignore.</summary>
    public static Hit Create(string path, TextSpan span, string ruleId) =>
        new(Descriptor, path, span, "ignore", ruleId, $"Ignore of {ruleId} has no reason, so it does not suppress the finding.");
}
