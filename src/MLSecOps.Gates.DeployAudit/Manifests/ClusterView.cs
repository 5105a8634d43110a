using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>Every Kubernetes resource of the run, summarised, with the model-service index built once and shared by the cross-file rules.</summary>
internal sealed class ClusterView
{
    private readonly Lazy<ModelServiceIndex> _modelServices;

    public ClusterView(IReadOnlyList<ClusterResource> resources)
    {
        Resources = resources;
        _modelServices = new Lazy<ModelServiceIndex>(() => new ModelServiceIndex(resources));
    }

    /// <summary>Gets the resources.</summary>
    public IReadOnlyList<ClusterResource> Resources { get; }

    /// <summary>Gets which Services front model servers.</summary>
    public ModelServiceIndex ModelServices => _modelServices.Value;

    /// <summary>Returns the facts <paramref name="rule"/> took from each resource (<see cref="IClusterRule.Facts"/>), in resource order.</summary>
    public IEnumerable<(ClusterResource Resource, T Facts)> FactsOf<T>(IClusterRule rule)
        where T : class
    {
        foreach (var resource in Resources)
        {
            foreach (var (owner, facts) in resource.Facts)
            {
                if (ReferenceEquals(owner, rule) && facts is T typed)
                {
                    yield return (resource, typed);
                }
            }
        }
    }
}
