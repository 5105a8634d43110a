namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>Every Kubernetes resource of the run, with the model-service index built once and shared by the cross-file rules.</summary>
internal sealed class ClusterView
{
    private readonly Lazy<ModelServiceIndex> _modelServices;

    public ClusterView(IReadOnlyList<ManifestView> views)
    {
        Views = views;
        _modelServices = new Lazy<ModelServiceIndex>(() => new ModelServiceIndex(views));
    }

    /// <summary>Gets the resources.</summary>
    public IReadOnlyList<ManifestView> Views { get; }

    /// <summary>Gets which Services front model servers.</summary>
    public ModelServiceIndex ModelServices => _modelServices.Value;
}
