using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan;

/// <summary>The model-scan gate (build stage): stops model files that run code when loaded, lie about their contents, or are unpinned or unlicensed.</summary>
public sealed class ModelScanGate : IGate
{
    /// <inheritdoc />
    public string Name => "model-scan";

    /// <inheritdoc />
    public string Stage => "build";

    /// <inheritdoc />
    public string Description => "stops model files that run code when loaded, lie about their contents, or are unpinned or unlicensed";

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [];

    /// <inheritdoc />
    public IReadOnlyList<SettingDescriptor> Settings { get; } = ModelScanSettings.Descriptors;

    /// <inheritdoc />
    public IReadOnlyList<string> DefaultPaths { get; } = ["**"];

    /// <inheritdoc />
    public Task<GateResult> RunAsync(GateContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(GateResult.Of([], context.Files.Count));
    }
}
