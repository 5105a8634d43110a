using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Suppressions;

namespace MLSecOps.Gates.DeployAudit;

/// <summary>What auditing one file produced: its hits, a summary of each Kubernetes resource (for cross-file rules) and its ignore comments.</summary>
/// <param name="Path">The repository-relative path.</param>
/// <param name="Hits">The hits of per-file rules.</param>
/// <param name="Resources">The Kubernetes resources in the file, summarised (their trees are not kept).</param>
/// <param name="Ignores">The ignore comments in the file.</param>
internal sealed record FileAudit(string Path, IReadOnlyList<Hit> Hits, IReadOnlyList<ClusterResource> Resources, InlineIgnores Ignores)
{
    /// <summary>Gets the images the file runs outside Kubernetes resources: compose services and Dockerfile bases.</summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>Gets the full views of the resources, kept only for files a kustomization names as a resource or patch (overlay credit composes them).</summary>
    public IReadOnlyList<ManifestView> Views { get; init; } = [];
}
