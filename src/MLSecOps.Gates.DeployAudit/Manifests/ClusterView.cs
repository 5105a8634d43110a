using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>Every Kubernetes resource of the run, summarised, with the model-service index built once and shared by the cross-file rules.</summary>
internal sealed class ClusterView
{
    private readonly Lazy<ModelServiceIndex> _modelServices;
    private readonly Lazy<Dictionary<Manifest, Manifest>> _summaries;

    public ClusterView(IReadOnlyList<ClusterResource> resources)
    {
        Resources = resources;
        _modelServices = new Lazy<ModelServiceIndex>(() => new ModelServiceIndex(resources));
        _summaries = new Lazy<Dictionary<Manifest, Manifest>>(() =>
            resources.Where(r => r.View is not null).ToDictionary<ClusterResource, Manifest, Manifest>(r => r.View!.Manifest, r => r.Manifest, ReferenceEqualityComparer.Instance));
    }

    /// <summary>Gets the resources.</summary>
    public IReadOnlyList<ClusterResource> Resources { get; }

    /// <summary>Gets the whole views that a cluster-wide rule asked to keep (<see cref="IClusterRule.ReadsView"/>), in order.</summary>
    public IEnumerable<ManifestView> Views => Resources.Select(r => r.View).OfType<ManifestView>();

    /// <summary>Gets which Services front model servers.</summary>
    public ModelServiceIndex ModelServices => _modelServices.Value;

    /// <summary>Points a hit on a kept view at its summary, as the per-file hits are, so annotation ignores apply to it.</summary>
    public Hit Attach(Hit hit) =>
        hit.Resource is { } resource && _summaries.Value.TryGetValue(resource, out var summary) ? hit with { Resource = summary } : hit;
}
