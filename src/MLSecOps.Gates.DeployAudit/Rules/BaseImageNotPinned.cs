using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP081: a Dockerfile base image is not pinned by digest (high with <c>require-digest</c>).</summary>
internal sealed class BaseImageNotPinned : DockerfileRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP081",
        "Base image not pinned by digest",
        "A base image tag can be re-pointed upstream; without a digest the same Dockerfile can produce a different (possibly compromised) model server image tomorrow.",
        "Append the digest: `FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04@sha256:…` and let Renovate or Dependabot update it. `require-digest: true` makes this high.",
        Severity.Low,
        [Threat.MalwareDistribution],
        ["CWE-494"],
        Precision.VeryHigh,
        example: "A Dockerfile line `FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04` with no `@sha256:` digest.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings)
    {
        foreach (var (from, image, reference) in BaseImages.Pulled(dockerfile))
        {
            if (reference.Digest is null)
            {
                yield return HitOn(dockerfile, from, "FROM", $"Base image {image} is not pinned by digest.") with { Severity = settings.RequireDigest ? Severity.High : null };
            }
        }
    }
}
