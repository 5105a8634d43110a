using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Reporting;

/// <summary>One gate's share of a report: its rules, evaluated findings and run statistics.</summary>
public sealed record GateReport
{
    /// <summary>Gets the gate name, such as <c>model-scan</c>.</summary>
    public required string Gate { get; init; }

    /// <summary>Gets the life-cycle stage.</summary>
    public required string Stage { get; init; }

    /// <summary>Gets the gate's rules plus the policy rules it reported.</summary>
    public required IReadOnlyList<RuleDescriptor> Rules { get; init; }

    /// <summary>Gets the findings after the policy, most severe first.</summary>
    public required IReadOnlyList<EvaluatedFinding> Findings { get; init; }

    /// <summary>Gets how many files the gate examined.</summary>
    public required int FilesScanned { get; init; }

    /// <summary>Gets the gate's wall time.</summary>
    public required TimeSpan Duration { get; init; }
}
