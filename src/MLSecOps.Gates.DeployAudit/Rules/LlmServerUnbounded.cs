using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP034: an LLM server runs without bounds on concurrency and tokens (vLLM, TGI, Ollama).</summary>
internal sealed class LlmServerUnbounded : IProcessRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP034",
        "LLM server without concurrency or token bounds",
        "LLM servers queue and batch whatever arrives. Left at their defaults (vLLM `max_num_seqs` up to thousands and the model's full context, TGI 128 concurrent requests, Ollama an unbounded queue) a few long prompts exhaust the GPU and KV cache for everyone: unbounded consumption.",
        "vLLM: set `--max-num-seqs` (64–256) and `--max-model-len`. TGI: set `--max-concurrent-requests` and `--max-total-tokens` (or `MAX_CONCURRENT_REQUESTS`, `MAX_TOTAL_TOKENS`). Ollama: set `OLLAMA_NUM_PARALLEL` and `OLLAMA_MAX_QUEUE`. Also put a request timeout and rate limit on the gateway in front.",
        Severity.Medium,
        [Threat.ModelDenialOfService],
        ["CWE-770", "OWASP-LLM10", "AML.T0029", "AML.T0034"],
        Precision.High,
        example: "A container running `vllm serve meta-llama/Llama-3.1-8B-Instruct` without `--max-num-seqs` and `--max-model-len`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        var missing = new List<string>();
        if (process.Is(ServerKinds.Vllm))
        {
            Require(process, missing, "--max-num-seqs", null);
            Require(process, missing, "--max-model-len", null);
        }

        if (process.Is(ServerKinds.Tgi))
        {
            Require(process, missing, "--max-concurrent-requests", "MAX_CONCURRENT_REQUESTS");
            Require(process, missing, "--max-total-tokens", "MAX_TOTAL_TOKENS");
        }

        if (process.Is(ServerKinds.Ollama))
        {
            Require(process, missing, null, "OLLAMA_NUM_PARALLEL");
            Require(process, missing, null, "OLLAMA_MAX_QUEUE");
        }

        if (missing.Count > 0)
        {
            yield return new Hit(Rule, process.Path, process.Anchor, process.Subject, process.AnchorPath, $"LLM server in {process.Subject} has no {string.Join(", ", missing)}.")
            {
                Resource = process.Resource,
                Absent = true,
            };
        }
    }

    private static void Require(ServerProcess process, List<string> missing, string? flag, string? env)
    {
        if ((flag is null || process.Flag(flag) is null) && (env is null || process.EnvVar(env) is null))
        {
            missing.Add(flag ?? env!);
        }
    }
}
