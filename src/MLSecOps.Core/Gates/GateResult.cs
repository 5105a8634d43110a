using MLSecOps.Core.Inventory;
using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Gates;

/// <summary>What one gate run produced.</summary>
public sealed record GateResult
{
    /// <summary>Gets the findings, in the order the gate reported them.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Gets how many files the gate examined.</summary>
    public required int FilesScanned { get; init; }

    /// <summary>Gets what the gate learnt about the system's models, data sets and images (for the bill of materials).</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyList<Asset> Assets { get; init; } = [];

    /// <summary>Gets the threat-model mitigations the gate read (for the compliance view).</summary>
    /// <value>Defaults to empty.</value>
    public IReadOnlyList<ThreatMitigation> Mitigations { get; init; } = [];

    /// <summary>Gets the wall time of the run; set by the runner.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>Gets a result with the given findings for <paramref name="files"/> files.</summary>
    /// <param name="findings">The findings.</param>
    /// <param name="files">How many files were examined.</param>
    /// <returns>The result.</returns>
    public static GateResult Of(IEnumerable<Finding> findings, int files) => new() { Findings = [.. findings], FilesScanned = files };
}
