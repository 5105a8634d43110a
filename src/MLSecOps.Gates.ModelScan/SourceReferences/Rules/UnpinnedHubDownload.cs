using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.SourceReferences.Rules;

/// <summary>MOD150: code downloads a model from the Hugging Face Hub without pinning the revision to a commit.</summary>
internal sealed class UnpinnedHubDownload : ISourceReferenceRule
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "MOD150",
        "Model downloaded from the Hub without a pinned revision",
        "Python code or a notebook loads a model from the Hugging Face Hub (`from_pretrained`, `hf_hub_download`, `snapshot_download`, `pipeline(model=…)`) without `revision`, or with a branch or tag as `revision`. It then runs whatever the repository holds on the day it runs: a new commit, a force-push, or a renamed or taken-over repository replaces the reviewed model without any change in this repository. `from_pretrained` and `pipeline` are reported when the model id is a string constant shaped like a Hub id (a local path or an id held in an argument is not); `hf_hub_download` and `snapshot_download` always download.",
        "Pin the commit you reviewed: `revision=\"<40-hex commit SHA>\"` (from `huggingface_hub.model_info(repo_id).sha` or the repository's commit history). A branch (`main`) or tag can move; only a commit SHA cannot. Calls with `local_files_only=True` read the local cache only and are not reported.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010", "CWE-494"],
        Precision.High,
        example: "A training script line `model = AutoModelForCausalLM.from_pretrained(\"meta-llama/Llama-3.1-8B\")` (no `revision`), or `hf_hub_download(\"org/model\", \"model.safetensors\", revision=\"main\")`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<SourceHit> Evaluate(PythonCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (Repository(call) is not { } repository || call.Keyword("local_files_only")?.Value.BoolValue == true)
        {
            yield break;
        }

        var shown = repository.Id is null ? $"the repository in `{repository.Expression}`" : $"\"{FindingText.Cap(repository.Id, 120)}\"";
        var named = repository.Id is null ? "…" : $"\"{FindingText.Cap(repository.Id, 120)}\"";
        var evidence = call.Name == "pipeline" ? $"{call.Dotted}(…, model={named})" : $"{call.Dotted}({named})";
        var revision = call.Keyword("revision");
        if (revision is null)
        {
            if (!call.HasUnpacked)
            {
                yield return new SourceHit(
                    Rule,
                    call.At,
                    $"`{call.Dotted}` downloads {shown} from the Hugging Face Hub without a pinned revision, so it runs whatever that repository holds when the code runs. Pin the reviewed commit: add `revision=\"<40-hex commit SHA>\"`.",
                    $"{call.Dotted}|{repository.Id ?? repository.Expression}|",
                    evidence);
            }

            yield break;
        }

        if (revision.Value.StringValue is { } value && !HubReferences.IsCommit(value))
        {
            var branch = FindingText.Cap(value, 80);
            yield return new SourceHit(
                Rule,
                revision.At,
                $"`{call.Dotted}` downloads {shown} at revision \"{branch}\", a branch or tag that can be moved to other content. Pin the reviewed commit instead: `revision=\"<40-hex commit SHA>\"`.",
                $"{call.Dotted}|{repository.Id ?? repository.Expression}|{value}",
                $"{evidence} revision=\"{branch}\"");
        }
    }

    // The repository the call downloads, when it is a Hub download: its id when it is a constant.
    private static (string? Id, string Expression)? Repository(PythonCall call)
    {
        switch (call.Name)
        {
            case "from_pretrained" when HubReferences.UsesHub(call.Scope):
            {
                // PeftModel.from_pretrained(base_model, "org/adapter") names the download second.
                var candidates = new[] { call.Keyword("pretrained_model_name_or_path")?.Value, call.Keyword("model_id")?.Value, call.Positional(0), call.Positional(1) };
                var id = candidates.Select(c => c?.StringValue).FirstOrDefault(HubReferences.IsRepositoryId);
                return id is null ? null : (id, id);
            }

            case "hf_hub_download" or "snapshot_download" when call.Dotted == call.Name || call.Qualified.StartsWith("huggingface_hub.", StringComparison.Ordinal):
            {
                var value = call.Keyword("repo_id")?.Value ?? call.Positional(0);
                if (value is null || value.IsEmpty)
                {
                    return null;
                }

                var id = value.StringValue;
                return (id, id ?? (value.End - value.Start == 1 ? value.First.Text : "an expression"));
            }

            case "pipeline" when call.Qualified == "transformers.pipeline":
            {
                var id = (call.Keyword("model")?.Value ?? call.Positional(1))?.StringValue;
                return HubReferences.IsRepositoryId(id) ? (id, id!) : null;
            }

            default:
                return null;
        }
    }
}
