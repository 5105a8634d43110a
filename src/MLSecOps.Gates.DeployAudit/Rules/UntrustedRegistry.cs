using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Images;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP027: an image comes from a registry outside the <c>trusted-registries</c> setting.</summary>
internal sealed class UntrustedRegistry : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP027",
        "Image from an untrusted registry",
        "The policy lists the registries images must come from (`trusted-registries`); this image comes from elsewhere, so it skipped your mirroring, scanning and signing.",
        "Mirror the image into a trusted registry and reference it there, or add the registry prefix to `deploy-audit.trusted-registries`. Equivalents: Trivy KSV-0032..35/KSV-0125, Kubescape C-0078.",
        Severity.Medium,
        [Threat.MalwareDistribution],
        ["CWE-494"],
        Precision.VeryHigh,
        example: "With `trusted-registries: [\"registry.acme.io/\"]`, a container `image: docker.io/vllm/vllm-openai:v0.11.0`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        if (settings.TrustedRegistries.Count == 0 || container.Container.Scalar("image") is not { IsNull: false } image)
        {
            yield break;
        }

        var reference = ImageReference.Parse(image.Value);
        if (!reference.IsVariable && !IsTrusted(reference, settings.TrustedRegistries))
        {
            yield return HitOn(container, image, "image", $"Container '{container.Name}' image {image.Value} is not from a trusted registry.");
        }
    }

    private static bool IsTrusted(ImageReference reference, IReadOnlyList<string> prefixes) =>
        prefixes.Any(p => reference.Name.StartsWith(p, StringComparison.OrdinalIgnoreCase) || reference.QualifiedName.StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
