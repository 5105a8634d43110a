using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP106: an LLM server can generate without a bound on output tokens (llama.cpp with context shift, KServe's Hugging Face runtime on vLLM).</summary>
internal sealed class LlmOutputUnbounded : IProcessRule, IManifestRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP106",
        "LLM server without an output-size bound",
        "A client chooses its own `max_tokens`, and a request that sets none is answered up to the server's bound. llama.cpp's `llama-server` defaults `--n-predict` to -1 (infinite); since August 2025 (llama.cpp PR #15416) generation stops when the context is full, but with `--context-shift` it shifts the context and never stops. KServe's Hugging Face runtime serves text generation through vLLM, whose default `max_tokens` is the rest of the model's full context (`--max_model_len` unset: up to 128k tokens for current models). One prompt can then hold a GPU for minutes and run up the bill: unbounded consumption and cost harvesting. Servers bounded by default are not reported: vLLM and TGI are bounded by `--max-model-len` / `--max-total-tokens` (DEP034), Ollama stops at ten context windows (ollama/ollama#3918), Triton's TensorRT-LLM engines by their built `max_seq_len`.",
        "llama.cpp: set `-n 1024` (`--n-predict`, or `LLAMA_ARG_N_PREDICT`), which also caps what a request asks for, or drop `--context-shift`. KServe Hugging Face runtime: pass `--max_model_len=8192` (or your context budget). Also cap `max_tokens` at the gateway.",
        Severity.Low,
        [Threat.ModelDenialOfService],
        ["CWE-770", "OWASP-LLM10", "AML.T0029", "AML.T0034", "NIST-AI-RMF-MANAGE-4.1"],
        Precision.Medium,
        example: "A container running `llama-server -m /models/model.gguf --context-shift` without `-n`/`--n-predict`.");

    private static readonly string[] s_nPredict = ["-n", "--n-predict", "--predict"];

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        if (!LlamaCppServer.Is(process))
        {
            yield break;
        }

        var shift = process.Tokens.LastOrDefault(t => t.Text is "--context-shift" or "--no-context-shift");
        var shifts = shift is not null ? shift.Text == "--context-shift" : LlamaCppServer.EnvOn(process, "LLAMA_ARG_CONTEXT_SHIFT");
        if (shifts && !Bounded(NPredict(process) ?? process.EnvVar("LLAMA_ARG_N_PREDICT")?.Value))
        {
            yield return new Hit(Rule, process.Path, shift?.Span ?? process.Anchor, process.Subject, shift?.KeyPath ?? process.AnchorPath,
                $"llama.cpp server in {process.Subject} shifts the context with no positive --n-predict: a request can generate forever.")
            { Resource = process.Resource };
        }
    }

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings)
    {
        if (view.Manifest.Kind != "InferenceService")
        {
            yield break;
        }

        foreach (var (site, process) in view.Containers.Where(c => IsHuggingFaceRuntime(c.Site, c.Process)))
        {
            var task = process.FlagWithValue("--task")?.Value.ToLowerInvariant();
            var generates = task is null or "" or "text_generation" or "text2text_generation";
            var vllm = process.FlagWithValue("--backend")?.Value.ToLowerInvariant() is null or "" or "auto" or "vllm";
            if (generates && vllm && process.Flag("--max_model_len") is null && process.Flag("--max_length") is null)
            {
                yield return new Hit(Rule, process.Path, process.Anchor, process.Subject, process.AnchorPath,
                    $"KServe Hugging Face runtime in {process.Subject} has no --max_model_len: vLLM lets a request generate up to the model's full context.")
                { Resource = view.Manifest, Absent = true };
            }
        }
    }

    private static bool IsHuggingFaceRuntime(ContainerSite site, ServerProcess process) =>
        !site.IsInit && (site.Container.Map("modelFormat")?.Text("name")?.Equals("huggingface", StringComparison.OrdinalIgnoreCase) == true
            || site.Label == "kserve-container (huggingface)"
            || process.Image?.Contains("huggingfaceserver", StringComparison.OrdinalIgnoreCase) == true);

    /// <summary>Reads <c>-n N</c>, <c>--n-predict N</c> or <c>--n-predict=N</c> (a negative value is a separate word, so the generic flag reader does not apply).</summary>
    private static string? NPredict(ServerProcess process)
    {
        string? value = null;
        for (var i = 0; i < process.Tokens.Count; i++)
        {
            var text = process.Tokens[i].Text;
            var eq = text.IndexOf('=', StringComparison.Ordinal);
            if (Array.IndexOf(s_nPredict, eq < 0 ? text : text[..eq]) >= 0)
            {
                value = eq >= 0 ? text[(eq + 1)..] : i + 1 < process.Tokens.Count ? process.Tokens[i + 1].Text : "";
            }
        }

        return value;
    }

    private static bool Bounded(string? value) => long.TryParse(value?.Trim('"', '\''), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0;
}
