using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP012: a container is told to run as UID 0.</summary>
internal sealed class RootUser : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP012",
        "Container runs as root (runAsUser: 0)",
        "`runAsUser: 0` runs the model server as root. Any code it is tricked into running (a pickled model, trust_remote_code, a tool call) runs as root inside the container and is one kernel bug away from the node.",
        "Set `runAsUser` to a non-zero UID (10001 or higher) and `runAsNonRoot: true`; build the image with a `USER`. Equivalents: Trivy KSV-0105, Checkov CKV_K8S_23.",
        Severity.High,
        [Threat.Misconfiguration],
        ["CWE-250"],
        Precision.VeryHigh,
        example: "A pod with `securityContext: { runAsUser: 0 }`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        if (container.Effective("runAsUser") is { AsInteger: 0 } uid)
        {
            var own = container.SecurityContext?.Scalar("runAsUser") is not null;
            yield return Hit.On(Rule, container.Manifest, uid, own ? $"{container.KeyPath}.securityContext.runAsUser" : $"{container.Pod.KeyPath}.securityContext.runAsUser",
                $"Container '{container.Name}' runs as UID 0 (root).");
        }
    }
}
