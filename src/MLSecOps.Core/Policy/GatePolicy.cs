using MLSecOps.Core.Gates;

namespace MLSecOps.Core.Policy;

/// <summary>One gate's section of the policy file.</summary>
public sealed record GatePolicy
{
    /// <summary>Gets the defaults: enabled, the gate's own paths, no excludes.</summary>
    public static GatePolicy Default { get; } = new();

    /// <summary>Gets whether the gate runs under <c>scan</c>.</summary>
    /// <value>Defaults to true.</value>
    public bool Enabled { get; init; } = true;

    /// <summary>Gets the include globs, relative to the scanned folder; empty means the gate's defaults.</summary>
    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>Gets the exclude globs, relative to the scanned folder.</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];

    /// <summary>Gets the gate's time budget.</summary>
    /// <value>Defaults to 10 minutes.</value>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets the gate-specific settings.</summary>
    public GateSettings Settings { get; init; } = GateSettings.Empty;
}
