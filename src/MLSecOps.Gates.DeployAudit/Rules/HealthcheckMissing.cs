using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP087: the final image has no <c>HEALTHCHECK</c> (info: Kubernetes probes replace it).</summary>
internal sealed class HealthcheckMissing : DockerfileRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP087",
        "No HEALTHCHECK in the image",
        "Without a `HEALTHCHECK`, Docker and compose cannot tell a wedged model server (GPU hang, dead batcher) from a healthy one. Kubernetes ignores it and uses probes, hence info.",
        "Add `HEALTHCHECK CMD curl -fsS http://127.0.0.1:8000/health || exit 1` (use the server's health route), or rely on Kubernetes probes. Equivalents: Checkov CKV_DOCKER_2, Trivy DS-0026.",
        Severity.Info,
        [Threat.ModelDenialOfService],
        ["CWE-754"],
        Precision.VeryHigh,
        example: "A Dockerfile whose final stage has no `HEALTHCHECK` instruction.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings)
    {
        var stage = dockerfile.FinalStage.ToList();
        if (stage.Count > 0 && !stage.Exists(i => i.Keyword == "HEALTHCHECK" && !i.Arguments.Trim().Equals("NONE", StringComparison.OrdinalIgnoreCase)))
        {
            yield return HitOn(dockerfile, stage[0], "FROM", "The final stage has no HEALTHCHECK.");
        }
    }
}
