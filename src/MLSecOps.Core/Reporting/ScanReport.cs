namespace MLSecOps.Core.Reporting;

/// <summary>Everything a publisher needs: the gates' reports and the decision.</summary>
public sealed record ScanReport
{
    /// <summary>Gets the tool version.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>Gets the absolute repository root that every location is relative to.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Gets the per-gate reports, in run order.</summary>
    public required IReadOnlyList<GateReport> Gates { get; init; }

    /// <summary>Gets the decision.</summary>
    public required Decision Decision { get; init; }

    /// <summary>Gets when the scan started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Gets every evaluated finding of every gate.</summary>
    public IEnumerable<EvaluatedFinding> AllFindings => Gates.SelectMany(g => g.Findings);
}
