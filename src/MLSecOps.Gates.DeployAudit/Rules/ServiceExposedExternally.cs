using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP041: a Service that is not recognised as a model server is still exposed outside the cluster.</summary>
internal sealed class ServiceExposedExternally : IClusterRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP041",
        "Service exposed outside the cluster",
        "A `LoadBalancer` or `NodePort` Service publishes pods to the network without source restriction. It was not recognised as a model server, but check what it fronts.",
        "Prefer `ClusterIP` behind an authenticating Ingress or gateway; otherwise set `loadBalancerSourceRanges` or an internal load balancer annotation. Add the image to `model-server-images` if it is a model server. Equivalent: kube-linter exposed-services, Kubescape C-0256.",
        Severity.Low,
        [Threat.Misconfiguration],
        ["CWE-668"],
        Precision.Medium,
        example: "A `Service` with `type: NodePort` in front of pods that are not recognised model servers, with no `loadBalancerSourceRanges`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ClusterView cluster, DeployAuditSettings settings)
    {
        var index = cluster.ModelServices;
        foreach (var service in cluster.Resources.Select(r => r.Manifest).Where(m => m.Kind == "Service"))
        {
            if (ExternalServiceExposure.ExposedAt(service) is { } node && !index.IsModelService(service.Namespace, service.Name))
            {
                yield return Hit.On(Rule, service, node, "spec.type", $"{service.Id} is exposed outside the cluster.");
            }
        }
    }
}
