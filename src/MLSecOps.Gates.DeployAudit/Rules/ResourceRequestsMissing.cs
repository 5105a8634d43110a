using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP032: a container requests no CPU or no memory.</summary>
internal sealed class ResourceRequestsMissing : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP032",
        "Resource requests missing",
        "Without CPU and memory requests the scheduler cannot reserve capacity: the model server lands on an already full node and is the first to be evicted under pressure.",
        "Set `resources.requests.cpu` and `resources.requests.memory`. Equivalents: Checkov CKV_K8S_10/CKV_K8S_12, kube-linter unset-cpu-requirements, Trivy KSV-0015/KSV-0016.",
        Severity.Low,
        [Threat.ModelDenialOfService],
        ["CWE-770"],
        Precision.VeryHigh,
        example: "A container with `resources: { limits: { memory: 16Gi } }` but no `requests.cpu` or `requests.memory`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        var requests = container.Container.Map("resources")?.Map("requests");
        var missing = new[] { "cpu", "memory" }.Where(k => requests?[k] is null).ToList();
        if (missing.Count > 0)
        {
            yield return HitOnContainer(container, "resources.requests", $"Container '{container.Name}' requests no {string.Join(" or ", missing)}.");
        }
    }
}
