using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy;

/// <summary>Applies the policy to gate results: rule overrides, in-source suppressions, waivers, baseline and fail-on.</summary>
/// <param name="policy">The policy.</param>
/// <param name="baseline">Accepted findings.</param>
/// <param name="scanPrefix">The scanned folder relative to the repository root (empty or ending in '/'); policy globs are relative to it.</param>
/// <param name="policyPath">The repository-relative path of the policy file, where waiver findings point.</param>
public sealed class PolicyEvaluator(Policy policy, Baseline baseline, string scanPrefix, string policyPath)
{
    private readonly WaiverSet _waivers = new(policy.Waivers);

    /// <summary>Evaluates every gate run and decides.</summary>
    /// <param name="runs">The gate runs, in order.</param>
    /// <param name="today">The current date, for waiver expiry.</param>
    /// <returns>The per-gate reports and the decision.</returns>
    public (IReadOnlyList<GateReport> Gates, Decision Decision) Evaluate(IReadOnlyList<GateRun> runs, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var usedWaivers = new HashSet<Waiver>();
        var reports = runs.Select(run => EvaluateGate(run, today, usedWaivers)).ToList();
        AddWaiverFindings(reports, runs, today, usedWaivers);
        var blocking = reports.Sum(r => r.Findings.Count(f => f.Blocking));
        return (reports, new Decision(blocking == 0, policy.FailOn, blocking));
    }

    private GateReport EvaluateGate(GateRun run, DateOnly today, HashSet<Waiver> usedWaivers)
    {
        var findings = run.Result.Findings
            .Select(f => ApplyOverride(f.Gate == run.Gate.Name ? f : f with { Gate = run.Gate.Name }))
            .OfType<Finding>()
            .Select(f => Evaluate(f, today, usedWaivers))
            .MostSevereFirst()
            .ToList();
        return new GateReport
        {
            Gate = run.Gate.Name,
            Stage = run.Gate.Stage,
            Rules = [.. run.Gate.Rules.Concat(findings.Select(f => f.Finding.Rule)).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal)],
            Findings = findings,
            FilesScanned = run.Result.FilesScanned,
            Duration = run.Result.Duration,
            DisabledRules = [.. run.Gate.Rules.Where(r => policy.Rules.TryGetValue(r.Id, out var o) && !o.Enabled).Select(r => r.Id).Order(StringComparer.Ordinal)],
            Assets = run.Result.Assets,
            Mitigations = run.Result.Mitigations,
        };
    }

    private Finding? ApplyOverride(Finding finding)
    {
        if (!policy.Rules.TryGetValue(finding.Rule.Id, out var rule))
        {
            return finding;
        }

        if (!rule.Enabled)
        {
            return null;
        }

        return rule.Severity is { } severity ? finding with { Severity = severity } : finding;
    }

    private EvaluatedFinding Evaluate(Finding finding, DateOnly today, HashSet<Waiver> usedWaivers)
    {
        var suppression = finding.Suppression ?? WaiverSuppression(finding, today, usedWaivers) ?? BaselineSuppression(finding);
        var blocking = suppression is null && policy.FailOn is { } failOn && finding.Severity >= failOn;
        return new EvaluatedFinding(finding, suppression, blocking);
    }

    private Suppression? WaiverSuppression(Finding finding, DateOnly today, HashSet<Waiver> usedWaivers)
    {
        var waiver = _waivers.Find(finding.Rule.Id, ScanRelative(finding.Location.Path));
        if (waiver is null)
        {
            return null;
        }

        usedWaivers.Add(waiver);
        if (!waiver.IsActiveOn(today))
        {
            return null;
        }

        var approver = waiver.ApprovedBy is null ? "" : $" (approved by {waiver.ApprovedBy})";
        return new Suppression(SuppressionKind.External, $"{waiver.Reason}{approver}; expires {waiver.Expires:yyyy-MM-dd}", "waiver") { Expires = waiver.Expires };
    }

    private Suppression? BaselineSuppression(Finding finding) =>
        baseline.Contains(finding) ? new Suppression(SuppressionKind.External, "accepted in the baseline", "baseline") : null;

    /// <summary>Reports expired and unused waivers in the report of the gate that owns the waived rule; waivers of gates that did not run wait for them.</summary>
    private void AddWaiverFindings(List<GateReport> reports, IReadOnlyList<GateRun> runs, DateOnly today, HashSet<Waiver> usedWaivers)
    {
        foreach (var waiver in _waivers.All)
        {
            var index = reports.FindIndex(r => runs.Any(run => run.Gate.Name == r.Gate && run.Gate.Rules.Any(rule => rule.Id == waiver.Rule)));
            var raw = !waiver.IsActiveOn(today) ? ExpiredWaiver.Create(waiver, policyPath)
                : !usedWaivers.Contains(waiver) ? UnusedWaiver.Create(waiver, policyPath)
                : null;
            if (index < 0 || raw is null || ApplyOverride(raw with { Gate = reports[index].Gate }) is not { } finding)
            {
                continue;
            }

            reports[index] = reports[index] with
            {
                Findings = [.. reports[index].Findings.Append(Evaluate(finding, today, usedWaivers)).MostSevereFirst()],
                Rules = [.. reports[index].Rules.Append(finding.Rule).DistinctBy(r => r.Id).OrderBy(r => r.Id, StringComparer.Ordinal)],
            };
        }
    }

    private string ScanRelative(string repoRelativePath) =>
        scanPrefix.Length > 0 && repoRelativePath.StartsWith(scanPrefix, StringComparison.Ordinal) ? repoRelativePath[scanPrefix.Length..] : repoRelativePath;
}
