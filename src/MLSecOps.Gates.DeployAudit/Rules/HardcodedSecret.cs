using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Secrets;
using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP070: a literal secret in an environment value or a command-line argument (Kubernetes, compose or Dockerfile ENV).</summary>
internal sealed class HardcodedSecret : IProcessRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP070",
        "Literal secret in environment or arguments",
        "An API key, token or password is written into the deployment (an `env` value, a container argument, a compose `environment` entry or a Dockerfile `ENV`). It is in git history forever, visible to anyone who can read the repository, the pod spec or the image.",
        "Revoke the secret, then reference it instead: Kubernetes `valueFrom.secretKeyRef` (or a mounted Secret file), compose `secrets:` or `${VAR}` from an untracked `.env`, Docker BuildKit `--mount=type=secret`. Never put secrets in args: they show in `ps` and the pod spec.",
        Severity.High,
        [Threat.DataCompromise, Threat.ModelTheft],
        ["CWE-798", "OWASP-LLM02"],
        Precision.High,
        example: "A container `env: [{ name: HF_TOKEN, value: \"hf_\" + 34 letters and digits }]`, i.e. a literal token instead of a `secretKeyRef`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        foreach (var env in process.Env)
        {
            if (SecretDetector.Detect(env.Name, env.Value) is { } match)
            {
                yield return Make(process, env.Span, env.KeyPath, env.Name, match);
            }
        }

        for (var i = 0; i < process.Tokens.Count; i++)
        {
            var token = process.Tokens[i];
            if (Find(process.Tokens, i) is { } found)
            {
                yield return Make(process, token.Span, token.KeyPath, found.Name, found.Match);
            }
        }
    }

    private static (string Name, SecretMatch Match)? Find(IReadOnlyList<ArgToken> tokens, int i)
    {
        var text = tokens[i].Text;
        if (SecretDetector.KnownShape(text) is { } known)
        {
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            return (eq > 0 ? text[..eq] : "argument", known);
        }

        if (!text.StartsWith("--", StringComparison.Ordinal))
        {
            return null;
        }

        var sep = text.IndexOf('=', StringComparison.Ordinal);
        var name = sep > 0 ? text[2..sep] : text[2..];
        var value = sep > 0 ? text[(sep + 1)..] : i + 1 < tokens.Count && !tokens[i + 1].Text.StartsWith('-') ? tokens[i + 1].Text : null;
        return SecretDetector.Detect(name, value) is { } match ? (name, match) : null;
    }

    private static Hit Make(ServerProcess process, TextSpan span, string keyPath, string name, SecretMatch match) =>
        new(Rule, process.Path, span, process.Subject, keyPath, $"{process.Subject} sets {name} to a literal {match.Kind}; reference a secret instead.",
            $"{name}={SecretMasker.Mask(match.Secret)}") { Resource = process.Resource };
}
