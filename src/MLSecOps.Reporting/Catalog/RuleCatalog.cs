using MLSecOps.Core.Rules;

namespace MLSecOps.Reporting.Catalog;

/// <summary>Every rule grouped by the gate that reports it; the source of <c>docs/rules.md</c> and <c>mlsecops rules</c>.</summary>
/// <param name="Gates">Each gate's name, stage and rules, in life-cycle order.</param>
/// <param name="PolicyRules">The policy core's own rules.</param>
public sealed record RuleCatalog(IReadOnlyList<(string Gate, string Stage, IReadOnlyList<RuleDescriptor> Rules)> Gates, IReadOnlyList<RuleDescriptor> PolicyRules)
{
    /// <summary>Gets every rule with its gate (<c>policy</c> for POL rules), in id order.</summary>
    public IEnumerable<(string Gate, RuleDescriptor Rule)> All =>
        Gates.SelectMany(g => g.Rules.Select(r => (g.Gate, r)))
            .Concat(PolicyRules.Select(r => ("policy", r)))
            .DistinctBy(e => e.Item2.Id)
            .OrderBy(e => e.Item2.Id, StringComparer.Ordinal);

    /// <summary>Returns the ids of a gate's rules that answer a threat.</summary>
    /// <param name="gate">The gate name.</param>
    /// <param name="threat">The threat.</param>
    /// <returns>The rule ids, in id order.</returns>
    public IReadOnlyList<string> Covering(string gate, Threat threat) =>
        [.. All.Where(e => e.Gate == gate && e.Rule.Threats.Contains(threat)).Select(e => e.Rule.Id)];
}
