using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy;

/// <summary>The project's policy: what blocks, per-gate scope and settings, rule overrides and waivers.</summary>
public sealed record Policy
{
    /// <summary>Gets the built-in default policy: every gate on with its default paths, fail on high.</summary>
    public static Policy Default { get; } = new();

    /// <summary>Gets the lowest severity that blocks, or <see langword="null"/> for <c>none</c>.</summary>
    /// <value>Defaults to high.</value>
    public Severity? FailOn { get; init; } = Severity.High;

    /// <summary>Gets the per-gate sections by gate name; a gate without a section uses its defaults.</summary>
    public IReadOnlyDictionary<string, GatePolicy> Gates { get; init; } = new Dictionary<string, GatePolicy>();

    /// <summary>Gets per-rule overrides by rule id.</summary>
    public IReadOnlyDictionary<string, RuleOverride> Rules { get; init; } = new Dictionary<string, RuleOverride>();

    /// <summary>Gets the waivers, in file order.</summary>
    public IReadOnlyList<Waiver> Waivers { get; init; } = [];

    /// <summary>Gets the policy file the policy came from, or <see langword="null"/> for the built-in default.</summary>
    public string? SourcePath { get; init; }

    /// <summary>Returns the section of a gate, or its defaults.</summary>
    /// <param name="gate">The gate name.</param>
    /// <returns>The section.</returns>
    public GatePolicy ForGate(string gate) => Gates.TryGetValue(gate, out var section) ? section : GatePolicy.Default;
}
