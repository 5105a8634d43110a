using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;

namespace MLSecOps.Cli.Scanning;

/// <summary>A gate known by name, stage and description until something needs more: only then is it built (with its
/// rule list, analyzers and assemblies), so <c>--version</c>, help and a one-gate command never pay for the other gates.</summary>
/// <param name="name">The gate's CLI verb and policy key (must equal the built gate's).</param>
/// <param name="stage">The gate's life-cycle stage (must equal the built gate's).</param>
/// <param name="description">The gate's one-line description (must equal the built gate's).</param>
/// <param name="create">Builds the gate, at most once.</param>
internal sealed class DeferredGate(string name, string stage, string description, Func<IGate> create) : IGate
{
    private readonly Lazy<IGate> _gate = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the built gate (builds it on first use).</summary>
    public IGate Gate => _gate.Value;

    /// <summary>Gets whether the gate has been built.</summary>
    public bool IsBuilt => _gate.IsValueCreated;

    /// <inheritdoc />
    public string Name => name;

    /// <inheritdoc />
    public string Stage => stage;

    /// <inheritdoc />
    public string Description => description;

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules => Gate.Rules;

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings => Gate.Settings;

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultPaths => Gate.DefaultPaths;

    /// <inheritdoc />
    public bool Understands(ScanFile file) => Gate.Understands(file);

    /// <inheritdoc />
    public Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken) => Gate.RunAsync(context, cancellationToken);

    /// <summary>Returns the gate itself: the built gate behind a deferred one, or <paramref name="gate"/>.</summary>
    /// <param name="gate">A registered gate.</param>
    /// <returns>The gate that runs.</returns>
    public static IGate Unwrap(IGate gate) => gate is DeferredGate deferred ? deferred.Gate : gate;
}
