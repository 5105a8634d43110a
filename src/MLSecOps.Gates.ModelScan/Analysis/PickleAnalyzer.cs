using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Raw pickles by content, whatever their name: <c>.pkl</c>, joblib, legacy <c>torch.save</c> stacks, pickles behind <c>.bin</c>.</summary>
internal sealed class PickleAnalyzer : IModelFileAnalyzer
{
    /// <summary>The rules a pickle can produce, shared by every analyzer that reaches pickles.</summary>
    public static IReadOnlyList<RuleDescriptor> PickleRules { get; } =
    [
        DangerousPickleGlobal.Descriptor,
        UnknownPickleGlobal.Descriptor,
        RepositoryPickleClass.Descriptor,
        UnresolvedPickleCallable.Descriptor,
        PickleAttributeTraversal.Descriptor,
        MalformedPickle.Descriptor,
        PickleProtocolDeviation.Descriptor,
        PickleFrameViolation.Descriptor,
        NestedPickle.Descriptor,
        EncodedPicklePayload.Descriptor,
        PickleExtensionCode.Descriptor,
        PickleGlobalMutation.Descriptor,
        PickleTrailingData.Descriptor,
        PickleExpansionBomb.Descriptor,
        PickleStackLeftovers.Descriptor,
    ];

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules => PickleRules;

    /// <inheritdoc />
    public bool RecordsOwnVerdict => true;

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.Kind == ModelContentKind.Pickle;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken) =>
        ContentAnalysis.RunAsync(probe, settings, cancellationToken);
}
