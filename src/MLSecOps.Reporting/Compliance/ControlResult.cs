using MLSecOps.Core.Inventory;

namespace MLSecOps.Reporting.Compliance;

/// <summary>One control's status in a scan, and the evidence behind it.</summary>
public sealed record ControlResult
{
    /// <summary>Gets the control.</summary>
    public required ComplianceControl Control { get; init; }

    /// <summary>Gets its status.</summary>
    public required ControlStatus Status { get; init; }

    /// <summary>Gets the earliest expiry of the waivers that hold it, when it is waived by waivers.</summary>
    public DateOnly? WaivedUntil { get; init; }

    /// <summary>Gets the ids of the enabled rules that checked it in this run, sorted.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>Gets the ids of its rules that reported open findings, sorted.</summary>
    public IReadOnlyList<string> FailingRules { get; init; } = [];

    /// <summary>Gets how many open findings its rules reported.</summary>
    public int OpenFindings { get; init; }

    /// <summary>Gets how many suppressed findings (waiver, baseline, in-source ignore) its rules reported.</summary>
    public int SuppressedFindings { get; init; }

    /// <summary>Gets the files its findings are in, sorted, at most <see cref="ComplianceEvaluator.MaxFiles"/>.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Gets the threat-model mitigations that answer it.</summary>
    public IReadOnlyList<ThreatMitigation> Mitigations { get; init; } = [];

    /// <summary>Gets the status as written in the reports: <c>passed</c>, <c>failed</c>, <c>waived until DATE</c>, <c>not checked</c>.</summary>
    public string StatusText => Status switch
    {
        ControlStatus.Passed => "passed",
        ControlStatus.Failed => "failed",
        ControlStatus.Waived => WaivedUntil is { } until ? $"waived until {until:yyyy-MM-dd}" : "waived (baseline or in-source ignore)",
        _ => "not checked",
    };
}
