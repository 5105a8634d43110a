using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP010: a container runs privileged (critical when it serves a KServe or Seldon model).</summary>
internal sealed class PrivilegedContainer : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP010",
        "Container runs privileged",
        "A privileged container has every capability and all host devices: a compromise of the model server (a malicious model, a prompt-driven tool call, an RCE in the server) becomes root on the node, with every other tenant's GPUs, models and secrets.",
        "Remove `securityContext.privileged: true`. GPU access does not need it: request `nvidia.com/gpu` through the device plugin. Equivalents: Checkov CKV_K8S_16, kube-linter privileged-container, Trivy KSV-0017, Kubescape C-0057.",
        Severity.High,
        [Threat.Misconfiguration, Threat.UnintendedSystemInteraction],
        ["CWE-250", "AML.T0049"],
        Precision.VeryHigh,
        example: "A Deployment container with `securityContext: { privileged: true }`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        if (container.SecurityContext?.Scalar("privileged") is { IsTrue: true } flag)
        {
            var serving = container.Manifest.Kind is "InferenceService" or "SeldonDeployment";
            yield return HitOn(container, flag, "securityContext.privileged", $"Container '{container.Name}' runs privileged{(serving ? " in a model-serving predictor" : "")}.")
                with { Severity = serving ? Severity.Critical : null };
        }
    }
}
