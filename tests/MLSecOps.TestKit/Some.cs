using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;

namespace MLSecOps.TestKit;

/// <summary>Builds real Core rules, findings and reports for tests with sensible defaults.</summary>
public static class Some
{
    /// <summary>A fixed start time so that outputs are reproducible.</summary>
    public static readonly DateTimeOffset StartedAt = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Creates a rule descriptor through <see cref="RuleDescriptorFactory"/>.</summary>
    public static RuleDescriptor Rule(
        string id = "MOD001",
        Severity severity = Severity.High,
        string? title = null,
        Threat[]? threats = null,
        string[]? standards = null,
        Precision precision = Precision.High,
        string? example = null) =>
        RuleDescriptorFactory.Create(
            id,
            title ?? $"Test rule {id}",
            $"Detects the test condition of {id}.",
            $"Fix the condition reported by `{id}`.",
            severity,
            threats ?? [Threat.MalwareDistribution],
            standards ?? ["CWE-502"],
            precision,
            example);

    /// <summary>Creates a finding of <paramref name="rule"/> at <paramref name="path"/>:<paramref name="line"/>.</summary>
    public static Finding Finding(
        RuleDescriptor rule,
        string path = "models/model.pkl",
        int line = 1,
        string? message = null,
        string? contentKey = null,
        string? evidence = null,
        Severity? severity = null,
        string gate = "model-scan",
        int? column = null,
        string? logicalPath = null)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var finding = Core.Rules.Finding.Create(
            rule,
            new Location(path, line, column, column is null ? null : line, column is null ? null : column + 1, logicalPath),
            message ?? $"{rule.Title} in {path}.",
            contentKey ?? $"{path}#{line}",
            evidence);
        return finding with { Severity = severity ?? rule.DefaultSeverity, Gate = gate };
    }

    /// <summary>Evaluates a finding against a fail-on threshold, optionally suppressing it.</summary>
    public static EvaluatedFinding Evaluated(Finding finding, Severity? failOn = Severity.High, Suppression? suppression = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var blocking = suppression is null && failOn is { } threshold && finding.Severity >= threshold;
        return new EvaluatedFinding(finding, suppression, blocking);
    }

    /// <summary>Creates a gate report over the given findings; the rules are those the findings use.</summary>
    public static GateReport Gate(
        string name = "model-scan",
        string stage = "build",
        IEnumerable<EvaluatedFinding>? findings = null,
        IEnumerable<RuleDescriptor>? rules = null,
        int filesScanned = 3,
        TimeSpan? duration = null)
    {
        var list = (findings ?? []).MostSevereFirst().ToList();
        var ruleList = (rules ?? list.Select(f => f.Finding.Rule))
            .DistinctBy(r => r.Id)
            .ToList();
        return new GateReport
        {
            Gate = name,
            Stage = stage,
            Rules = ruleList,
            Findings = list,
            FilesScanned = filesScanned,
            Duration = duration ?? TimeSpan.FromMilliseconds(125),
        };
    }

    /// <summary>Creates a scan report whose decision follows from the blocking findings of <paramref name="gates"/>.</summary>
    public static ScanReport Report(IEnumerable<GateReport> gates, Severity? failOn = Severity.High, string repositoryRoot = "/repo", string toolVersion = "0.1.0")
    {
        var list = gates.ToList();
        var blocking = list.SelectMany(g => g.Findings).Count(f => f.Blocking);
        return new ScanReport
        {
            ToolVersion = toolVersion,
            RepositoryRoot = repositoryRoot,
            Gates = list,
            Decision = new Decision(blocking == 0, failOn, blocking),
            StartedAt = StartedAt,
        };
    }

    /// <summary>Creates a scan report of the given gates.</summary>
    public static ScanReport Report(params GateReport[] gates) => Report((IEnumerable<GateReport>)gates);
}
