using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP042: an Ingress routes to a model server with no authentication annotation.</summary>
internal sealed class IngressWithoutAuth : IClusterRule
{
    private static readonly string[] s_authAnnotations =
    [
        "nginx.ingress.kubernetes.io/auth-url", "nginx.ingress.kubernetes.io/auth-type", "nginx.ingress.kubernetes.io/auth-tls-secret",
        "traefik.ingress.kubernetes.io/router.middlewares", "alb.ingress.kubernetes.io/auth-type", "konghq.com/plugins",
        "haproxy.org/auth-type", "ingress.kubernetes.io/auth-type", "appgw.ingress.kubernetes.io/auth",
    ];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP042",
        "Ingress to a model server without authentication",
        "The Ingress publishes a model server or ML control plane on a host name but configures no authentication (no auth-url / auth-type / middleware / plugin annotation). vLLM, TGI, Ollama, Ray, MLflow and TorchServe accept anonymous requests by default.",
        "Add authentication at the ingress (`nginx.ingress.kubernetes.io/auth-url` to an OAuth2 proxy, Traefik forward-auth middleware, ALB OIDC, Kong key-auth) and a rate limit, or route through an API gateway.",
        Severity.High,
        [Threat.ModelTheft, Threat.UnintendedSystemInteraction, Threat.ModelDenialOfService],
        ["CWE-306", "OWASP-LLM10", "AML.T0040"],
        Precision.Medium,
        example: "An `Ingress` routing `llm.example.com` to the `vllm` Service without any `nginx.ingress.kubernetes.io/auth-url` or similar auth annotation.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ClusterView cluster, DeployAuditSettings settings)
    {
        var index = cluster.ModelServices;
        foreach (var ingress in cluster.Resources.Select(r => r.Manifest).Where(m => m.Kind == "Ingress"))
        {
            if (s_authAnnotations.Any(a => ingress.Annotation(a) is not null))
            {
                continue;
            }

            foreach (var (node, path) in Backends(ingress))
            {
                if (index.IsModelService(ingress.Namespace, node.Value))
                {
                    yield return Hit.On(Rule, ingress, node, path, $"{ingress.Id} routes to model service '{node.Value}' without authentication.");
                    break;
                }
            }
        }
    }

    /// <summary>Returns the backend service names of <paramref name="ingress"/> with their key paths.</summary>
    public static IEnumerable<(YScalar Node, string Path)> Backends(Manifest ingress)
    {
        if (ingress.Spec?.Map("defaultBackend")?.Map("service")?.Scalar("name") is { } d)
        {
            yield return (d, "spec.defaultBackend.service.name");
        }

        foreach (var (r, rule) in ingress.Spec?.Seq("rules")?.Maps() ?? [])
        {
            foreach (var (p, path) in rule.Map("http")?.Seq("paths")?.Maps() ?? [])
            {
                var backend = path.Map("backend");
                if ((backend?.Map("service")?.Scalar("name") ?? backend?.Scalar("serviceName")) is { } name)
                {
                    yield return (name, $"spec.rules[{r}].http.paths[{p}].backend.service.name");
                }
            }
        }
    }
}
