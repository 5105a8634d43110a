using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP080: a Dockerfile stage builds on a <c>latest</c> or untagged base image.</summary>
internal sealed class BaseImageLatest : DockerfileRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP080",
        "Base image is latest or untagged",
        "`FROM image` or `FROM image:latest` builds on whatever the registry serves that day: builds are not reproducible and a compromised or broken upstream release flows straight into the model server image.",
        "Pin a version and a digest: `FROM python:3.12-slim@sha256:…`. Equivalents: Checkov CKV_DOCKER_7, Trivy DS-0001.",
        Severity.Medium,
        [Threat.MalwareDistribution],
        ["CWE-494", "OWASP-ML06"],
        Precision.VeryHigh,
        example: "A Dockerfile line `FROM python:latest` (or `FROM python` with no tag).");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings)
    {
        foreach (var (from, image, reference) in BaseImages.Pulled(dockerfile))
        {
            if (reference.IsMutableLatest)
            {
                yield return HitOn(dockerfile, from, "FROM", $"Base image {image} is not pinned to a version.");
            }
        }
    }
}
