using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP014: the container's root filesystem is writable.</summary>
internal sealed class WritableRootFilesystem : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP014",
        "Root filesystem is writable",
        "A writable root filesystem lets an attacker who reaches the model server replace its code, models or libraries in place and persist for the life of the pod.",
        "Set `securityContext.readOnlyRootFilesystem: true` and mount `emptyDir` volumes for the paths the server writes (`/tmp`, the model cache). Equivalents: Checkov CKV_K8S_22, kube-linter no-read-only-root-fs, Trivy KSV-0014, Kubescape C-0017.",
        Severity.Medium,
        [Threat.Misconfiguration, Threat.InformationManipulation],
        ["CWE-732"],
        Precision.VeryHigh,
        example: "A container whose `securityContext` does not set `readOnlyRootFilesystem: true`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings) =>
        RequireSecurityFlag(
            container,
            "readOnlyRootFilesystem",
            required: true,
            $"Container '{container.Name}' does not set readOnlyRootFilesystem: true.",
            $"Container '{container.Name}' has a writable root filesystem.");
}
