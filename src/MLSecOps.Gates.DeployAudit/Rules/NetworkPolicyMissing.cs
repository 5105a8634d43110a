using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP044: model servers are deployed into a namespace for which no NetworkPolicy was found (info).</summary>
internal sealed class NetworkPolicyMissing : IClusterRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP044",
        "No NetworkPolicy for a model-serving namespace",
        "No NetworkPolicy in the scanned manifests covers the namespace of this model server, so any pod in the cluster can call it, and it can call anything (SSRF from URL-fetching features, exfiltration). The policy may live elsewhere, hence info.",
        "Add a default-deny NetworkPolicy to the namespace and allow ingress only from the gateway and egress only to what the server needs (model store, DNS).",
        Severity.Info,
        [Threat.Misconfiguration, Threat.UnintendedSystemInteraction],
        ["CWE-923"],
        Precision.Medium,
        example: "A vLLM Deployment in namespace `ml-serving` while no scanned `NetworkPolicy` has `namespace: ml-serving`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ClusterView cluster, DeployAuditSettings settings)
    {
        var covered = cluster.Resources.Where(r => r.Manifest.Kind == "NetworkPolicy").Select(r => r.Manifest.Namespace ?? "").ToHashSet(StringComparer.Ordinal);
        foreach (var group in cluster.Resources.Where(r => r.ServesModels).GroupBy(r => r.Manifest.Namespace ?? "", StringComparer.Ordinal))
        {
            if (!covered.Contains(group.Key))
            {
                var first = group.First().Manifest;
                var ns = group.Key.Length == 0 ? "(unset)" : group.Key;
                yield return Hit.On(Rule, first, first.Root.KeyNode("kind")!, "metadata.namespace", $"No NetworkPolicy found for namespace {ns} where {first.Id} serves models.");
            }
        }
    }
}
