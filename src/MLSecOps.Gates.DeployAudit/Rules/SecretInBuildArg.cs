using MLSecOps.Gates.DeployAudit.Secrets;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP072: a Dockerfile ARG carries a secret (a literal default is high; a secret-named build argument is medium).</summary>
internal sealed class SecretInBuildArg : DockerfileRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP072",
        "Secret in a Dockerfile ARG",
        "Build arguments are recorded in the image history (`docker history`) and in build caches; a literal default is also in git. Secrets passed this way (a Hugging Face token to download weights, a registry password) leak to everyone who can pull the image.",
        "Use BuildKit secrets: `RUN --mount=type=secret,id=hf_token HF_TOKEN=$(cat /run/secrets/hf_token) huggingface-cli download …` and `docker build --secret id=hf_token,env=HF_TOKEN`. Revoke any secret that was committed. Equivalent: Trivy DS-0031.",
        Severity.High,
        [Threat.DataCompromise],
        ["CWE-798", "CWE-532"],
        Precision.High,
        example: "A Dockerfile line `ARG HF_TOKEN=hf_…` (a literal default), or `ARG HF_TOKEN` used to pass the token at build time.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings)
    {
        foreach (var arg in dockerfile.Instructions.Where(i => i.Keyword == "ARG"))
        {
            var text = arg.Arguments.Trim();
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? text : text[..eq];
            var value = eq < 0 ? null : text[(eq + 1)..].Trim('"', '\'');
            if (SecretDetector.Detect(name, value) is { } match)
            {
                yield return HitOn(dockerfile, arg, name, $"ARG {name} has a literal {match.Kind} as default.", $"{name}={Core.Rules.SecretMasker.Mask(match.Secret)}");
            }
            else if (value is null && SecretDetector.NameSuggestsSecret(name))
            {
                yield return HitOn(dockerfile, arg, name, $"ARG {name} passes a secret as a build argument; it is kept in the image history.") with { Severity = Severity.Medium };
            }
        }
    }
}
