using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP013: nothing makes the container run as a non-root user.</summary>
internal sealed class RunAsNonRootNotEnforced : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP013",
        "Non-root user not enforced",
        "Neither `runAsNonRoot: true` nor a non-zero `runAsUser` is set on the container or its pod, so it runs as whatever the image says, which for most ML server images is root.",
        "Set `securityContext.runAsNonRoot: true` (pod or container) and a `runAsUser` of 10001 or higher. Equivalents: Checkov CKV_K8S_23, kube-linter run-as-non-root, Trivy KSV-0012, Kubescape C-0013.",
        Severity.Medium,
        [Threat.Misconfiguration],
        ["CWE-250"],
        Precision.High,
        example: "A Deployment container with no `securityContext` at all: neither `runAsNonRoot: true` nor a `runAsUser` on it or its pod.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        var nonRoot = container.Effective("runAsNonRoot");
        var uid = container.Effective("runAsUser");
        if (nonRoot is { IsTrue: true } || uid?.AsInteger is not null)
        {
            yield break;
        }

        yield return nonRoot is { IsFalse: true }
            ? Hit.On(Rule, container.Manifest, nonRoot, container.KeyPath + ".securityContext.runAsNonRoot", $"Container '{container.Name}' sets runAsNonRoot: false.")
            : HitOnContainer(container, "securityContext.runAsNonRoot", $"Container '{container.Name}' may run as root: set runAsNonRoot: true.");
    }
}
