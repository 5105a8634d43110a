using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules.Bases;

/// <summary>A rule checked on every pod spec of a resource, CRDs included.</summary>
internal abstract class PodSpecRuleBase : IManifestRule
{
    /// <inheritdoc />
    public abstract RuleDescriptor Descriptor { get; }

    /// <inheritdoc />
    /// <remarks>A loop for the reason <see cref="ContainerRuleBase.Evaluate"/> gives.</remarks>
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings) => view.Pods.Count == 0 ? [] : Each(view.Pods, settings);

    /// <summary>Checks one pod spec.</summary>
    protected abstract IEnumerable<Hit> Check(PodSpecSite pod, DeployAuditSettings settings);

    /// <summary>Creates a hit on <paramref name="node"/> of the pod spec.</summary>
    protected Hit HitOn(PodSpecSite pod, YNode node, string keySuffix, string message) =>
        Hit.On(Descriptor, pod.Manifest, node, $"{pod.KeyPath}.{keySuffix}", message);

    /// <summary>Creates a hit for a key missing from the pod spec, pointing at the first key of the pod spec.</summary>
    protected Hit HitOnMissing(PodSpecSite pod, string keySuffix, string message) =>
        Hit.On(Descriptor, pod.Manifest, FirstKey(pod.Spec), $"{pod.KeyPath}.{keySuffix}", message) with { Absent = true };

    private static YNode FirstKey(YMap spec) => spec.Entries.Count > 0 ? spec.Entries[0].Key : spec;

    private IEnumerable<Hit> Each(IReadOnlyList<PodSpecSite> pods, DeployAuditSettings settings)
    {
        for (var i = 0; i < pods.Count; i++)
        {
            foreach (var hit in Check(pods[i], settings))
            {
                yield return hit;
            }
        }
    }
}
