using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP016: a container does not drop all capabilities.</summary>
internal sealed class CapabilitiesNotDropped : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP016",
        "Capabilities not dropped",
        "Without `capabilities.drop: [ALL]` the container keeps the runtime's default set (NET_RAW, CHOWN, SETUID …), more than a model server needs.",
        "Add `securityContext.capabilities.drop: [ALL]`. Equivalents: Checkov CKV_K8S_37/CKV_K8S_28, Trivy KSV-0003, Kubescape C-0201.",
        Severity.Low,
        [Threat.Misconfiguration],
        ["CWE-250"],
        Precision.VeryHigh,
        example: "A container with no `securityContext.capabilities.drop: [ALL]`, or `drop: [NET_RAW]` only.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        var drop = container.SecurityContext?.Map("capabilities")?.Seq("drop");
        if (drop?.Items.OfType<YScalar>().Any(c => c.Value.Equals("ALL", StringComparison.OrdinalIgnoreCase)) != true)
        {
            yield return drop is null
                ? HitOnContainer(container, "securityContext.capabilities.drop", $"Container '{container.Name}' does not drop ALL capabilities.")
                : HitOn(container, drop, "securityContext.capabilities.drop", $"Container '{container.Name}' drops some capabilities but not ALL.");
        }
    }
}
