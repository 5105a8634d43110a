using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>A manifest with its pod specs and container processes, extracted once and shared by every rule.</summary>
internal sealed class ManifestView
{
    private ManifestView(Manifest manifest, IReadOnlyList<PodSpecSite> pods, IReadOnlyList<(ContainerSite Site, ServerProcess Process)> containers)
    {
        Manifest = manifest;
        Pods = pods;
        Containers = containers;
    }

    /// <summary>Gets the manifest.</summary>
    public Manifest Manifest { get; }

    /// <summary>Gets its pod specs.</summary>
    public IReadOnlyList<PodSpecSite> Pods { get; }

    /// <summary>Gets every container with its process.</summary>
    public IReadOnlyList<(ContainerSite Site, ServerProcess Process)> Containers { get; }

    /// <summary>Gets whether any container is a recognised model server or ML control plane.</summary>
    public bool ServesModels => Containers.Any(c => c.Process.Kinds != ServerKinds.None);

    /// <summary>Builds the view of <paramref name="manifest"/>.</summary>
    public static ManifestView Build(Manifest manifest, DeployAuditSettings settings)
    {
        var pods = WorkloadExtractor.Extract(manifest);
        var containers = pods.SelectMany(p => p.Containers)
            .Select(c => (c, ContainerProcessReader.Read(c, settings.ModelServerImages)))
            .ToList();
        return new ManifestView(manifest, pods, containers);
    }
}
