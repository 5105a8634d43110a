using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP040: a LoadBalancer / NodePort Service exposes a model server or ML control plane outside the cluster.</summary>
internal sealed class ModelServiceExposed : IClusterRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP040",
        "Model server exposed outside the cluster",
        "A `LoadBalancer` or `NodePort` Service (or externalIPs) publishes a model server or ML control plane (vLLM, Ollama, Triton, Ray, MLflow, Jupyter, TorchServe, KServe, Seldon) to the network. Most of these have no authentication of their own: anyone who finds the address can run inference on your GPUs, pull the model, or (Ray, MLflow, TorchServe, Jupyter) run code. Kubescape C-0021 is the only generic control close to this.",
        "Make the Service `ClusterIP` and publish through an Ingress or gateway that authenticates (OIDC, API keys, mTLS) and rate-limits. If a load balancer is required, restrict `loadBalancerSourceRanges` or make it internal.",
        Severity.High,
        [Threat.ModelTheft, Threat.UnintendedSystemInteraction, Threat.ModelDenialOfService],
        ["CWE-306", "OWASP-LLM10", "OWASP-ML05", "AML.T0049", "AML.T0040"],
        Precision.High,
        example: "A `Service` of `type: LoadBalancer` whose selector matches pods running `vllm/vllm-openai`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ClusterView cluster, DeployAuditSettings settings)
    {
        var index = cluster.ModelServices;
        foreach (var service in cluster.Resources.Select(r => r.Manifest).Where(m => m.Kind == "Service"))
        {
            if (ExternalServiceExposure.ExposedAt(service) is { } node && index.IsModelService(service.Namespace, service.Name))
            {
                yield return Hit.On(Rule, service, node, "spec.type", $"{service.Id} exposes a model server outside the cluster without authentication in front.");
            }
        }

        foreach (var ray in cluster.Resources.Select(r => r.Manifest).Where(m => m.Kind is "RayCluster" or "RayService" or "RayJob"))
        {
            foreach (var (path, type) in RayServiceTypes(ray))
            {
                if (type is { Value: "LoadBalancer" or "NodePort" })
                {
                    yield return Hit.On(Rule, ray, type, path, $"{ray.Id} exposes its Ray {(path.Contains("serve", StringComparison.Ordinal) ? "Serve" : "head")} service as {type.Value} outside the cluster.");
                }
            }
        }
    }

    /// <summary>The types of the Services KubeRay creates from the resource: the head service (the older
    /// <c>headGroupSpec.serviceType</c> field and the newer <c>headService</c>) and RayService's serve service.</summary>
    private static IEnumerable<(string Path, Yaml.YScalar? Type)> RayServiceTypes(Manifest ray)
    {
        var (cluster, prefix) = ray.Kind switch
        {
            "RayService" => (ray.Spec?.Map("rayClusterConfig"), "spec.rayClusterConfig"),
            "RayJob" => (ray.Spec?.Map("rayClusterSpec"), "spec.rayClusterSpec"),
            _ => (ray.Spec, "spec"),
        };
        var headGroup = cluster?.Map("headGroupSpec");
        yield return (prefix + ".headGroupSpec.serviceType", headGroup?.Scalar("serviceType"));
        yield return (prefix + ".headGroupSpec.headService.spec.type", headGroup?.Map("headService")?.Map("spec")?.Scalar("type"));
        if (ray.Kind == "RayService")
        {
            yield return ("spec.serveService.spec.type", ray.Spec?.Map("serveService")?.Map("spec")?.Scalar("type"));
        }
    }
}
