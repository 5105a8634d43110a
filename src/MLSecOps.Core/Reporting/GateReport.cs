using MLSecOps.Core.Inventory;
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

    /// <summary>Gets the ids of the gate's rules that the policy turned off.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyList<string> DisabledRules { get; init; } = [];

    /// <summary>Gets what the gate learnt about models, data sets and images.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyList<Asset> Assets { get; init; } = [];

    /// <summary>Gets the threat-model mitigations the gate read.</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyList<ThreatMitigation> Mitigations { get; init; } = [];
}
