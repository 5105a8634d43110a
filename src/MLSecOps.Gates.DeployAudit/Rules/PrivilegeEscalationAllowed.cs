using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP011: a container does not set <c>allowPrivilegeEscalation: false</c>.</summary>
internal sealed class PrivilegeEscalationAllowed : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP011",
        "Privilege escalation not disabled",
        "Unless `allowPrivilegeEscalation` is explicitly false, a process in the container can gain more privileges than its parent (setuid binaries, file capabilities).",
        "Set `securityContext.allowPrivilegeEscalation: false` on every container. Equivalents: Checkov CKV_K8S_20, kube-linter privilege-escalation-container, Trivy KSV-0001, Kubescape C-0016.",
        Severity.Medium,
        [Threat.Misconfiguration],
        ["CWE-269"],
        Precision.VeryHigh,
        example: "A Deployment container whose `securityContext` lacks `allowPrivilegeEscalation: false` (or sets it to `true`).");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings) =>
        RequireSecurityFlag(
            container,
            "allowPrivilegeEscalation",
            required: false,
            $"Container '{container.Name}' does not set allowPrivilegeEscalation: false.",
            $"Container '{container.Name}' allows privilege escalation.");
}
