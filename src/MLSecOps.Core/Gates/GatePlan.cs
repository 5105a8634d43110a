using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Gates;

/// <summary>A gate ready to run: its context and its time budget.</summary>
/// <param name="Gate">The gate.</param>
/// <param name="Context">Its context.</param>
/// <param name="Timeout">How long it may take before it is cancelled and fails closed.</param>
public sealed record GatePlan(IGate Gate, GateContext Context, TimeSpan Timeout)
{
    /// <summary>Gets the findings on paths in the gate's selection that discovery could not scan; they join the gate's result whatever the gate does.</summary>
    /// <value>Defaults to none.</value>
    public IReadOnlyList<Finding> DiscoveryFindings { get; init; } = [];
}
