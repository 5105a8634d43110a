using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>A container in a pod spec (or a KServe <c>model</c> block, which is a container).</summary>
/// <param name="Pod">The pod spec it belongs to.</param>
/// <param name="Container">The container mapping.</param>
/// <param name="KeyPath">Its key path, such as <c>spec.template.spec.containers[0]</c>.</param>
/// <param name="IsInit">Whether it is an init container (finishes before the pod serves).</param>
internal sealed record ContainerSite(PodSpecSite Pod, YMap Container, string KeyPath, bool IsInit)
{
    /// <summary>Gets the keys (relative to the container, such as <c>resources</c> or <c>securityContext.runAsNonRoot</c>) that the operator owning the resource fills in when absent.</summary>
    public IReadOnlyList<string> Supplied { get; init; } = [];

    /// <summary>Gets the container name, or its key path when unnamed.</summary>
    public string Name => Container.Text("name") ?? Label ?? KeyPath;

    /// <summary>Gets what to call an unnamed container (a KServe framework block, an Argo step), if known.</summary>
    public string? Label { get; init; }

    /// <summary>Gets the image, if set.</summary>
    public string? Image => Container.Text("image");

    /// <summary>Gets the container security context, if any.</summary>
    public YMap? SecurityContext => Container.Map("securityContext");

    /// <summary>Gets the manifest.</summary>
    public Manifest Manifest => Pod.Manifest;

    /// <summary>Reads a security-context field: the container's value wins over the pod's.</summary>
    public YScalar? Effective(string key) => SecurityContext?.Scalar(key) ?? Pod.SecurityContext?.Scalar(key);
}
