using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Suppressions;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>
/// What the steps after the per-file audit need from one Kubernetes resource, kept instead of its parsed view so memory
/// stays flat however many files are scanned: the detached resource (see <see cref="Manifest.Detach"/>), whether it serves
/// models, the pod-template labels a Service selector can match, its annotation ignores and its container images.
/// </summary>
/// <param name="Manifest">The detached resource; hits on it carry this instance.</param>
/// <param name="ServesModels">Whether a container is a recognised model server or ML control plane.</param>
/// <param name="PodLabels">The pod-template label mappings, for model-serving resources only (the only ones a selector is matched against).</param>
/// <param name="Ignores">The <c>mlsecops.io/ignore</c> directives of the resource and its pod templates.</param>
/// <param name="Images">The image of every container, in order (null when unset).</param>
internal sealed record ClusterResource(Manifest Manifest, bool ServesModels, IReadOnlyList<YMap> PodLabels, IReadOnlyList<IgnoreDirective> Ignores, IReadOnlyList<string?> Images)
{
    /// <summary>Gets the facts cluster-wide rules took from the resource (<see cref="IClusterRule.Facts"/>), by rule.</summary>
    public IReadOnlyList<(IClusterRule Rule, object Facts)> Facts { get; init; } = [];

    /// <summary>Summarises <paramref name="view"/>, with the facts each of <paramref name="rules"/> needs from it.</summary>
    public static ClusterResource From(ManifestView view, IReadOnlyList<IClusterRule> rules)
    {
        var serves = view.ServesModels;
        List<(IClusterRule, object)>? facts = null;
        foreach (var rule in rules)
        {
            if (rule.Facts(view) is { } found)
            {
                (facts ??= []).Add((rule, found));
            }
        }

        return new(
            view.Manifest.Detach(),
            serves,
            serves ? [.. view.Pods.Select(p => p.TemplateMetadata?.Map("labels")).OfType<YMap>()] : [],
            AnnotationIgnores.Read(view),
            [.. view.Containers.Select(c => c.Site.Image)])
        {
            Facts = facts ?? (IReadOnlyList<(IClusterRule, object)>)[],
        };
    }
}
