using MLSecOps.Core.Inventory;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;

namespace MLSecOps.Reporting.Compliance;

/// <summary>Builds the compliance view of a scan: which enabled rules check each control (from the rule descriptors and the
/// threat model's <c>verified-by</c>), whether they found anything, and the evidence.</summary>
public static class ComplianceEvaluator
{
    /// <summary>The most files listed as evidence for one control.</summary>
    public const int MaxFiles = 10;

    /// <summary>Evaluates every control of every framework against a finished scan.</summary>
    /// <param name="report">The scan.</param>
    /// <returns>The compliance view.</returns>
    public static ComplianceReport Evaluate(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var disabled = report.Gates.SelectMany(g => g.DisabledRules).ToHashSet(StringComparer.Ordinal);
        var rules = report.Gates.SelectMany(g => g.Rules).DistinctBy(r => r.Id).Where(r => !disabled.Contains(r.Id)).ToList();
        var mitigations = report.Gates.SelectMany(g => g.Mitigations).Distinct().ToList();
        var checkers = Checkers(rules, mitigations);
        var findings = report.Gates.SelectMany(g => g.Findings).ToList();
        var frameworks = ComplianceCatalog.Frameworks
            .Select(f => (f, (IReadOnlyList<ControlResult>)[.. f.Controls.Select(c => Result(c, checkers.GetValueOrDefault(c) ?? [], findings, mitigations))]))
            .ToList();
        return new ComplianceReport(frameworks, [.. report.Gates.Select(g => g.Gate)]);
    }

    /// <summary>Returns, per control, the rules that check it: the rules whose standards name it, and the rules a threat-model
    /// mitigation lists under <c>verified-by</c> for a threat that names the control's ATLAS technique.</summary>
    /// <param name="rules">The rules to map.</param>
    /// <param name="mitigations">The threat model's mitigations.</param>
    /// <returns>The rule ids per control, sorted.</returns>
    public static Dictionary<ComplianceControl, IReadOnlyList<string>> Checkers(IEnumerable<RuleDescriptor> rules, IReadOnlyList<ThreatMitigation> mitigations)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(mitigations);
        var known = rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var pairs = known.Values.SelectMany(r => ComplianceCatalog.ControlsOf(r).Select(c => (Control: c, Rule: r.Id)))
            .Concat(mitigations.SelectMany(m => m.VerifiedBy.Where(known.ContainsKey)
                .SelectMany(rule => m.Atlas.SelectMany(ComplianceCatalog.Expand).Select(ComplianceCatalog.Find).OfType<ComplianceControl>().Select(c => (Control: c, Rule: rule)))));
        return pairs.GroupBy(p => p.Control)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. g.Select(p => p.Rule).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
    }

    private static ControlResult Result(ComplianceControl control, IReadOnlyList<string> rules, List<EvaluatedFinding> findings, List<ThreatMitigation> mitigations)
    {
        var answering = mitigations.Where(m => m.Atlas.SelectMany(ComplianceCatalog.Expand).Contains(control.Id, StringComparer.Ordinal)
            || m.VerifiedBy.Intersect(rules, StringComparer.Ordinal).Any()).ToList();
        if (rules.Count == 0)
        {
            return new ControlResult { Control = control, Status = ControlStatus.NotChecked, Mitigations = answering };
        }

        var own = findings.Where(f => rules.Contains(f.Finding.Rule.Id, StringComparer.Ordinal)).ToList();
        var open = own.Where(f => !f.IsSuppressed && f.Finding.Severity > Severity.Info).ToList();
        var suppressed = own.Where(f => f.IsSuppressed).ToList();
        var status = open.Count > 0 ? ControlStatus.Failed : suppressed.Count > 0 ? ControlStatus.Waived : ControlStatus.Passed;
        return new ControlResult
        {
            Control = control,
            Status = status,
            WaivedUntil = status == ControlStatus.Waived ? suppressed.Select(f => f.Suppression!.Expires).Min() : null,
            Rules = rules,
            FailingRules = [.. open.Select(f => f.Finding.Rule.Id).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
            OpenFindings = open.Count,
            SuppressedFindings = suppressed.Count,
            Files = [.. (open.Count > 0 ? open : own).Select(f => f.Finding.Location.Path).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(MaxFiles)],
            Mitigations = answering,
        };
    }
}
