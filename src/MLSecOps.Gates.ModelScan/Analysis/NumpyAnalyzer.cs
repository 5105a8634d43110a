using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>NumPy <c>.npy</c> arrays: object dtypes carry a pickle, trailing bytes may hide one.</summary>
internal sealed class NumpyAnalyzer : IModelFileAnalyzer
{
    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [NumpyObjectArray.Descriptor, .. PickleAnalyzer.PickleRules];

    /// <inheritdoc />
    public bool RecordsOwnVerdict => true;

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.Kind == ModelContentKind.Numpy;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken) =>
        ContentAnalysis.RunAsync(probe, settings, cancellationToken);
}
