using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP020: a container binds a port on the node (hostPort).</summary>
internal sealed class HostPortUsed : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP020",
        "hostPort used",
        "`hostPort` publishes the container port on the node's IP, bypassing Services and NetworkPolicies: the model server is reachable by anything that can reach the node.",
        "Remove `hostPort`; expose the server through a ClusterIP Service and an authenticated gateway. Equivalents: Checkov CKV_K8S_26, Trivy KSV-0024, Kubescape C-0044.",
        Severity.Medium,
        [Threat.Misconfiguration, Threat.ModelTheft],
        ["CWE-668"],
        Precision.VeryHigh,
        example: "A container port `{ containerPort: 8000, hostPort: 8000 }`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, Servers.ServerProcess process, DeployAuditSettings settings)
    {
        foreach (var (i, port) in container.Container.Seq("ports")?.Maps() ?? [])
        {
            if (port.Scalar("hostPort") is { AsInteger: > 0 } hostPort)
            {
                yield return HitOn(container, hostPort, $"ports[{i}].hostPort", $"Container '{container.Name}' binds host port {hostPort.Value}.");
            }
        }
    }
}
