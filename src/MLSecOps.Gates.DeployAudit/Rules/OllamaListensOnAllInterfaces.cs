using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP052: Ollama listens on every interface (<c>OLLAMA_HOST=0.0.0.0</c>) or accepts any origin, with no authentication of its own.</summary>
internal sealed class OllamaListensOnAllInterfaces : IProcessRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP052",
        "Ollama listens on all interfaces",
        "Ollama has no authentication. With `OLLAMA_HOST=0.0.0.0` (the official image's default) anyone who reaches port 11434 can pull, create and delete models and run inference; hundreds of thousands of exposed instances have been abused (CVE-2024-37032 Probllama, CVE-2026-7482). `OLLAMA_ORIGINS=*` also lets any web page drive it from a browser.",
        "Bind to loopback (`OLLAMA_HOST=127.0.0.1:11434`) and put an authenticating proxy in the pod, or keep the Service ClusterIP behind a NetworkPolicy and gateway; never set `OLLAMA_ORIGINS=*`.",
        Severity.High,
        [Threat.ModelTheft, Threat.UnintendedSystemInteraction, Threat.ModelDenialOfService],
        ["CWE-306", "CWE-1327", "OWASP-LLM10", "AML.T0040"],
        Precision.High,
        example: "An Ollama container with `env: [{ name: OLLAMA_HOST, value: \"0.0.0.0:11434\" }]` (or `OLLAMA_ORIGINS=*`).");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        foreach (var env in process.Env)
        {
            var value = env.Value?.Trim() ?? "";
            var allInterfaces = env.Name == "OLLAMA_HOST" && (value.StartsWith("0.0.0.0", StringComparison.Ordinal) || value.StartsWith(':') || value.StartsWith("[::]", StringComparison.Ordinal)
                || value.StartsWith("http://0.0.0.0", StringComparison.Ordinal));
            var anyOrigin = env.Name == "OLLAMA_ORIGINS" && value.Split(',').Any(o => o.Trim() == "*");
            if (allInterfaces || anyOrigin)
            {
                yield return new Hit(Rule, process.Path, env.Span, process.Subject, env.KeyPath, $"{process.Subject} sets {env.Name}={value}; Ollama has no authentication.")
                {
                    Resource = process.Resource,
                };
            }
        }
    }
}
