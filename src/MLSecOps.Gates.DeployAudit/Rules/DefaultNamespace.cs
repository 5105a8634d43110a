using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP023: a resource is placed in the <c>default</c> namespace.</summary>
internal sealed class DefaultNamespace : IManifestRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP023",
        "Resource in the default namespace",
        "The `default` namespace usually has no NetworkPolicy, quota or dedicated RBAC, so a model server there shares its blast radius with everything else dropped into it.",
        "Deploy into a dedicated namespace (`metadata.namespace: ml-serving`) with its own NetworkPolicy, ResourceQuota and LimitRange. Equivalents: Checkov CKV_K8S_21, Trivy KSV-0110, Kubescape C-0061.",
        Severity.Low,
        [Threat.Misconfiguration],
        [],
        Precision.VeryHigh,
        example: "A manifest with `metadata: { name: vllm, namespace: default }`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings)
    {
        if (view.Manifest.Metadata?.Scalar("namespace") is { Value: "default" } ns)
        {
            yield return Hit.On(Rule, view.Manifest, ns, "metadata.namespace", $"{view.Manifest.Id} is in the default namespace.");
        }
    }
}
