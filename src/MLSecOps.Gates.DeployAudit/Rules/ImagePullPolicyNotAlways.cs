using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Images;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP026: a tag-referenced image may be served from a stale node cache (pull policy not Always).</summary>
internal sealed class ImagePullPolicyNotAlways : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP026",
        "Image pull policy not Always for a tag",
        "With a tag and `imagePullPolicy` IfNotPresent or Never, a node keeps serving whatever image it cached under that tag, which may not be the one the registry (and your scanner) now holds; a pre-seeded node image can shadow it.",
        "Pin by digest (then any policy is safe), or set `imagePullPolicy: Always`. Equivalent: Checkov CKV_K8S_15.",
        Severity.Low,
        [Threat.MalwareDistribution],
        ["CWE-494"],
        Precision.High,
        example: "A container `image: ghcr.io/acme/server:1.4.2` with `imagePullPolicy: IfNotPresent`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        if (container.Container.Scalar("image") is not { IsNull: false } image || ImageReference.Parse(image.Value) is not { IsVariable: false, Digest: null } reference)
        {
            yield break;
        }

        var policy = container.Container.Scalar("imagePullPolicy");
        if (policy is { Value: "IfNotPresent" or "Never" })
        {
            yield return HitOn(container, policy, "imagePullPolicy", $"Container '{container.Name}' uses pull policy {policy.Value} with a mutable tag.");
        }
        else if (policy is null && !reference.IsMutableLatest)
        {
            yield return HitOn(container, image, "imagePullPolicy", $"Container '{container.Name}' defaults to IfNotPresent for tag {reference.Tag}.");
        }
    }
}
