using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Suppressions;

/// <summary>One <c># mlsecops:ignore ID reason</c> comment or <c>mlsecops.io/ignore</c> annotation entry; without a reason it suppresses nothing.</summary>
/// <param name="RuleId">The rule id it names.</param>
/// <param name="Reason">The reason, empty when missing.</param>
/// <param name="Span">Where it is written.</param>
internal sealed record IgnoreDirective(string RuleId, string Reason, TextSpan Span)
{
    /// <summary>Gets whether it has a reason and therefore suppresses.</summary>
    public bool IsValid => Reason.Length > 0;
}
