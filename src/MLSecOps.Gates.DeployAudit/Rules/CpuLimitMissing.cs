using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP031: a container has no CPU limit.</summary>
internal sealed class CpuLimitMissing : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP031",
        "CPU limit missing",
        "Without `resources.limits.cpu` tokenisation, pre-processing or a request flood can starve other pods on the node.",
        "Set `resources.limits.cpu`. If you deliberately run without CPU limits (to avoid throttling), ignore this rule with a reason. Equivalents: Checkov CKV_K8S_11, Trivy KSV-0011.",
        Severity.Low,
        [Threat.ModelDenialOfService],
        ["CWE-770", "OWASP-LLM10"],
        Precision.High,
        example: "A container whose `resources` has no `limits.cpu`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        if (container.Container.Map("resources")?.Map("limits")?["cpu"] is null)
        {
            yield return HitOnContainer(container, "resources.limits.cpu", $"Container '{container.Name}' has no CPU limit.");
        }
    }
}
