using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP104: an LLM server that has no metrics endpoint unless asked for one runs without it (Ollama, llama.cpp server, SGLang).</summary>
internal sealed class LlmServerWithoutMetrics : IProcessRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP104",
        "LLM server without a metrics endpoint",
        "Some LLM servers publish no metrics by default: llama.cpp's `llama-server` serves `/metrics` only with `--metrics` (`LLAMA_ARG_ENDPOINT_METRICS`), SGLang only with `--enable-metrics`, and Ollama has no Prometheus endpoint at all (ollama/ollama#3144 is open). Nobody then sees request volume, queueing, token throughput or latency of the model in production, so floods, cost harvesting and degradation go unnoticed (monitoring stage, governance evidence).",
        "llama.cpp: add `--metrics`. SGLang: add `--enable-metrics`. Ollama: put a gateway or exporter that records per-request metrics in front of it (and say so with an ignore comment giving the reason), or serve the model with a server that exports metrics.",
        Severity.Low,
        [Threat.ModelDenialOfService, Threat.Misconfiguration],
        ["OWASP-LLM10", "AML.T0029", "AML.T0034", "NIST-AI-RMF-MEASURE-2.4", "NIST-AI-RMF-MANAGE-4.1"],
        Precision.Medium,
        example: "A container running `llama-server -m /models/qwen2.5-7b-instruct-q4_k_m.gguf --host 0.0.0.0` without `--metrics`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        string? message = null;
        if (LlamaCppServer.Is(process))
        {
            message = process.Flag("--metrics") is null && !LlamaCppServer.EnvOn(process, "LLAMA_ARG_ENDPOINT_METRICS")
                ? $"llama.cpp server in {process.Subject} runs without --metrics: no /metrics endpoint."
                : null;
        }
        else if (IsSglang(process))
        {
            message = process.Flag("--enable-metrics") is null ? $"SGLang in {process.Subject} runs without --enable-metrics: no /metrics endpoint." : null;
        }
        else if (process.Is(ServerKinds.Ollama))
        {
            message = $"Ollama in {process.Subject} exports no metrics (it has no Prometheus endpoint).";
        }

        if (message is not null)
        {
            yield return new Hit(Rule, process.Path, process.Anchor, process.Subject, process.AnchorPath, message) { Resource = process.Resource, Absent = true };
        }
    }

    private static bool IsSglang(ServerProcess process) =>
        process.Image?.Contains("sglang", StringComparison.OrdinalIgnoreCase) == true
        || process.Tokens.Any(t => t.Text.Equals("sglang.launch_server", StringComparison.Ordinal));
}
