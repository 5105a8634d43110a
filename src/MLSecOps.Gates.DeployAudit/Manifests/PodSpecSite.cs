using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>A pod spec found in a manifest, wherever the kind nests it.</summary>
/// <param name="Manifest">The resource.</param>
/// <param name="Spec">The pod spec mapping (for KServe, the component spec that inlines pod fields).</param>
/// <param name="KeyPath">Its key path, such as <c>spec.template.spec</c>.</param>
/// <param name="TemplateMetadata">The pod template metadata, if any (labels and annotations).</param>
/// <param name="LongRunning">Whether the pods serve (probes expected) rather than run to completion.</param>
internal sealed record PodSpecSite(Manifest Manifest, YMap Spec, string KeyPath, YMap? TemplateMetadata, bool LongRunning)
{
    /// <summary>Gets the containers, init containers included.</summary>
    public IReadOnlyList<ContainerSite> Containers { get; init; } = [];

    /// <summary>Gets whether the spec is merged over another (a Seldon Server over its ServerConfig, an LLMInferenceService Config), so absent keys may be set elsewhere.</summary>
    public bool Partial { get; init; }

    /// <summary>Gets pod-level keys the resource cannot set (the owning resource or operator decides them), so their absence is not reported here.</summary>
    public IReadOnlyList<string> Supplied { get; init; } = [];

    /// <summary>Gets the pod-level security context, if any.</summary>
    public YMap? SecurityContext => Spec.Map("securityContext");
}
