using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Images;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP024: a container image uses the <c>latest</c> tag or no tag.</summary>
internal sealed class ImageLatestTag : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP024",
        "Image tag is latest or missing",
        "`latest` (or no tag) is a moving target: each restart may pull a different model server, including a compromised or vulnerable one, and rollbacks are impossible.",
        "Pin a version tag and, better, a digest: `vllm/vllm-openai:v0.11.0@sha256:…`. Equivalents: Checkov CKV_K8S_14, kube-linter latest-tag, Trivy KSV-0013, Kubescape C-0075.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.Misconfiguration],
        ["CWE-494", "AML.T0010"],
        Precision.VeryHigh,
        example: "A container `image: vllm/vllm-openai:latest` (or `image: ollama/ollama` with no tag).");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        if (container.Container.Scalar("image") is { IsNull: false } image && ImageReference.Parse(image.Value) is { IsVariable: false, IsMutableLatest: true })
        {
            yield return HitOn(container, image, "image", $"Container '{container.Name}' uses image {image.Value} without a pinned tag.");
        }
    }
}
