using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP050: a model server is started with <c>--trust-remote-code</c> (or its environment equivalent).</summary>
internal sealed class TrustRemoteCode : IProcessRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP050",
        "Model server trusts remote code",
        "`--trust-remote-code` makes vLLM, TGI or transformers import and run Python shipped in the model repository (`auto_map` modules). Whoever can change that repository, or the revision it resolves to, runs code in your serving pod; vLLM has had CVEs where remote code ran through this path (CVE-2025-66448).",
        "Remove `--trust-remote-code`; use a model whose architecture is built into the server. If you must, pin `--revision` and `--code-revision` to a reviewed commit and mirror the repository.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["CWE-94", "CWE-829", "OWASP-LLM03", "OWASP-ML06", "AML.T0010.003", "AML.T0011.000"],
        Precision.VeryHigh,
        example: "A container `args: [\"--model\", \"org/model\", \"--trust-remote-code\"]`, or `env: [{ name: TRUST_REMOTE_CODE, value: \"true\" }]`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        if (process.FlagWithValue("--trust-remote-code") is { } flag && !flag.Value.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            yield return new Hit(Rule, process.Path, flag.Token.Span, process.Subject, flag.Token.KeyPath, $"{process.Subject} starts a model server with --trust-remote-code.")
            {
                Resource = process.Resource,
            };
        }

        foreach (var env in process.Env.Where(e => e.Name is "TRUST_REMOTE_CODE" or "HF_TRUST_REMOTE_CODE" && e.Value?.ToUpperInvariant() is "TRUE" or "1"))
        {
            yield return new Hit(Rule, process.Path, env.Span, process.Subject, env.KeyPath, $"{process.Subject} sets {env.Name}={env.Value}.") { Resource = process.Resource };
        }

        // Extra-argument variables (KServe's VLLM_ADDITIONAL_ARGS, EXTRA_ARGS) are spliced into the server's command line.
        foreach (var env in process.Env.Where(e => e.Name.EndsWith("ARGS", StringComparison.Ordinal) && e.Value is { } v
            && Servers.CommandWords.Split(v).Any(w => w == "--trust-remote-code" || w.StartsWith("--trust-remote-code=true", StringComparison.OrdinalIgnoreCase))))
        {
            yield return new Hit(Rule, process.Path, env.Span, process.Subject, env.KeyPath, $"{process.Subject} passes --trust-remote-code in {env.Name}.") { Resource = process.Resource };
        }
    }
}
