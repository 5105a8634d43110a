using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Images;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP025: a container image is not pinned by digest (high when <c>require-digest</c> is set).</summary>
internal sealed class ImageNotPinnedByDigest : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP025",
        "Image not pinned by digest",
        "A tag can be moved to a different image by whoever controls the registry; only a digest identifies exactly the server that was reviewed and scanned.",
        "Reference the image by digest: `image: ghcr.io/acme/server:1.4.2@sha256:<digest>` (Renovate and Dependabot keep digests current). Set `require-digest: true` to make this high. Equivalent: Checkov CKV_K8S_43.",
        Severity.Low,
        [Threat.MalwareDistribution],
        ["CWE-494", "AML.T0010"],
        Precision.VeryHigh,
        example: "A container `image: ghcr.io/acme/server:1.4.2` with no `@sha256:` digest.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        if (container.Container.Scalar("image") is { IsNull: false } image && ImageReference.Parse(image.Value) is { IsVariable: false, Digest: null })
        {
            yield return HitOn(container, image, "image", $"Container '{container.Name}' image {image.Value} is not pinned by digest.")
                with { Severity = settings.RequireDigest ? Severity.High : null };
        }
    }
}
