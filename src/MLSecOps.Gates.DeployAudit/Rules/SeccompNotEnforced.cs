using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP021: no seccomp profile applies to the container (or it is Unconfined, which is medium).</summary>
internal sealed class SeccompNotEnforced : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP021",
        "Seccomp profile not enforced",
        "Without `seccompProfile.type: RuntimeDefault` (or a Localhost profile) the container can make every system call, which widens the kernel attack surface for an attacker who gets code execution in the model server.",
        "Set `securityContext.seccompProfile.type: RuntimeDefault` on the pod (or each container). Equivalents: Checkov CKV_K8S_31, Trivy KSV-0030/KSV-0104, Kubescape C-0210.",
        Severity.Low,
        [Threat.Misconfiguration],
        ["CWE-250"],
        Precision.VeryHigh,
        example: "A pod with no `seccompProfile` on it or its containers, or `seccompProfile: { type: Unconfined }`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, Servers.ServerProcess process, DeployAuditSettings settings)
    {
        var type = container.SecurityContext?.Map("seccompProfile")?.Scalar("type") ?? container.Pod.SecurityContext?.Map("seccompProfile")?.Scalar("type");
        if (type is null)
        {
            yield return HitOnContainer(container, "securityContext.seccompProfile", $"Container '{container.Name}' has no seccomp profile.");
        }
        else if (type.Value.Equals("Unconfined", StringComparison.OrdinalIgnoreCase))
        {
            yield return Hit.On(Rule, container.Manifest, type, container.KeyPath + ".securityContext.seccompProfile.type", $"Container '{container.Name}' runs with seccomp Unconfined.")
                with { Severity = Severity.Medium };
        }

        // AppArmor is the other confinement the current API sets as a field (Kubernetes 1.30+), or as the older annotation.
        var own = container.SecurityContext?.Map("appArmorProfile")?.Scalar("type") is { } ct;
        if ((container.SecurityContext?.Map("appArmorProfile")?.Scalar("type") ?? container.Pod.SecurityContext?.Map("appArmorProfile")?.Scalar("type")) is { Value: "Unconfined" } armor)
        {
            yield return Hit.On(Rule, container.Manifest, armor, (own ? container.KeyPath : container.Pod.KeyPath) + ".securityContext.appArmorProfile.type",
                $"Container '{container.Name}' runs with AppArmor Unconfined.") with { Severity = Severity.Medium };
        }
        else if (container.Pod.TemplateMetadata?.Map("annotations")?.Scalar($"container.apparmor.security.beta.kubernetes.io/{container.Name}") is { Value: "unconfined" } annotation)
        {
            yield return Hit.On(Rule, container.Manifest, annotation, "metadata.annotations", $"Container '{container.Name}' runs with AppArmor unconfined (annotation).") with { Severity = Severity.Medium };
        }
    }
}
