using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP045: an Ingress routes to a model server over plain HTTP (no <c>spec.tls</c>).</summary>
internal sealed class IngressWithoutTls : IClusterRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP045",
        "Ingress to a model server without TLS",
        "Without `spec.tls` the Ingress serves the model endpoint over plain HTTP: prompts, completions (often personal or confidential data) and the API keys that protect the server cross the network in clear text.",
        "Add `spec.tls` with the host and a certificate Secret (cert-manager can issue it), and redirect HTTP to HTTPS (`nginx.ingress.kubernetes.io/ssl-redirect: \"true\"`).",
        Severity.Medium,
        [Threat.DataCompromise, Threat.ModelTheft],
        ["CWE-319", "OWASP-LLM02"],
        Precision.High,
        example: "An `Ingress` routing to the `vllm` Service with no `spec.tls` section.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ClusterView cluster, DeployAuditSettings settings)
    {
        foreach (var ingress in cluster.Resources.Select(r => r.Manifest).Where(m => m.Kind == "Ingress" && m.Spec?.Seq("tls") is not { Items.Count: > 0 }))
        {
            var backend = IngressWithoutAuth.Backends(ingress).FirstOrDefault(b => cluster.ModelServices.IsModelService(ingress.Namespace, b.Node.Value));
            if (backend.Node is not null)
            {
                yield return Hit.On(Rule, ingress, ingress.Root.KeyNode("spec")!, "spec.tls", $"{ingress.Id} serves model service '{backend.Node.Value}' without TLS.");
            }
        }
    }
}
