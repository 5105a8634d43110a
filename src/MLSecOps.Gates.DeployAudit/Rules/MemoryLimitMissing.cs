using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP030: a container has no memory limit.</summary>
internal sealed class MemoryLimitMissing : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP030",
        "Memory limit missing",
        "Without `resources.limits.memory` one oversized prompt or batch can grow the model server until the node runs out of memory and evicts its neighbours (model denial of service).",
        "Set `resources.limits.memory` (and a matching request) sized for the model plus KV cache. Equivalents: Checkov CKV_K8S_13, kube-linter unset-memory-requirements, Trivy KSV-0018.",
        Severity.Medium,
        [Threat.ModelDenialOfService],
        ["CWE-770", "OWASP-LLM10", "AML.T0029"],
        Precision.VeryHigh,
        example: "A model-server container whose `resources` has no `limits.memory`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        if (container.Container.Map("resources")?.Map("limits")?["memory"] is null)
        {
            yield return HitOnContainer(container, "resources.limits.memory", $"Container '{container.Name}' has no memory limit.");
        }
    }
}
