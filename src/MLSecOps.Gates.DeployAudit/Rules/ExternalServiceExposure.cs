using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>Decides whether a Service is reachable from outside the cluster (LoadBalancer, NodePort, externalIPs) without source restriction.</summary>
internal static class ExternalServiceExposure
{
    private static readonly string[] s_internalAnnotations =
    [
        "service.beta.kubernetes.io/aws-load-balancer-internal", "networking.gke.io/load-balancer-type",
        "service.beta.kubernetes.io/azure-load-balancer-internal", "cloud.google.com/load-balancer-type",
    ];

    /// <summary>Returns the node to point at when <paramref name="service"/> is exposed, or null.</summary>
    public static YNode? ExposedAt(Manifest service)
    {
        if (service.Kind != "Service" || service.Spec is not { } spec)
        {
            return null;
        }

        if (spec.Seq("externalIPs") is { Items.Count: > 0 } ips)
        {
            return ips;
        }

        var type = spec.Scalar("type");
        if (type?.Value is not ("LoadBalancer" or "NodePort") || s_internalAnnotations.Any(a => service.Annotation(a) is { } v && !v.Equals("false", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var ranges = spec.Seq("loadBalancerSourceRanges")?.Items.OfType<YScalar>().Select(s => s.Value).ToList();
        return type.Value == "LoadBalancer" && ranges is { Count: > 0 } && !ranges.Contains("0.0.0.0/0") ? null : type;
    }
}
