using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck;

/// <summary>The data-check gate (development stage): stops personal data, secrets and poisoned or tampered data sets in training data.</summary>
public sealed class DataCheckGate : IGate
{
    /// <inheritdoc />
    public string Name => "data-check";

    /// <inheritdoc />
    public string Stage => "development";

    /// <inheritdoc />
    public string Description => "stops personal data, secrets and poisoned or tampered data sets in training data";

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultPaths { get; } = ["data/**", "datasets/**"];

    /// <inheritdoc />
    public Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(GateResult.Of([], context.Files.Count));
    }
}
