using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP085: the final image stage has no <c>USER</c>, or its last <c>USER</c> is root.</summary>
internal sealed class ImageRunsAsRoot : DockerfileRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP085",
        "Image runs as root",
        "Without a non-root `USER` in the final stage the server runs as root unless the deployment overrides it; code it is tricked into running (unsafe model loads, remote code, tool calls) gets root in the container.",
        "Create and switch to an unprivileged user at the end of the final stage: `RUN useradd --uid 10001 --create-home app` then `USER 10001`. Equivalents: Checkov CKV_DOCKER_3/CKV_DOCKER_8, Trivy DS-0002.",
        Severity.Medium,
        [Threat.Misconfiguration],
        ["CWE-250"],
        Precision.High);

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings)
    {
        var stage = dockerfile.FinalStage.ToList();
        if (stage.Count == 0 || FromImage.Parse(stage[0].Arguments).Image.Equals("scratch", StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        var user = stage.LastOrDefault(i => i.Keyword == "USER");
        if (user is null)
        {
            yield return HitOn(dockerfile, stage[0], "FROM", "The final stage sets no USER, so the container runs as root.");
        }
        else if (user.Arguments.Split(':')[0].Trim() is "root" or "0")
        {
            yield return HitOn(dockerfile, user, "USER", "The final USER is root.");
        }
    }
}
