using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.SourceReferences.Rules;

/// <summary>MOD151: code passes <c>trust_remote_code=True</c>, so loading the model imports and runs Python from its repository.</summary>
internal sealed class RemoteCodeTrusted : ISourceReferenceRule
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "MOD151",
        "Code loads a model with trust_remote_code=True",
        "`trust_remote_code=True` (in `from_pretrained`, `pipeline`, `load_dataset`, `AutoConfig`, or a kwargs dict) makes `transformers` and `datasets` download and run the Python files of the model or data-set repository. Whoever can push to that repository, or the revision it resolves to, runs code with this program's credentials and data. With `revision` pinned to a commit SHA the code is fixed, so the finding is medium: review that code.",
        "Remove `trust_remote_code=True` and use a model whose architecture `transformers` supports natively. If the remote code is needed, pin `revision` (and `code_revision`) to the commit you reviewed, or vendor the code into this repository and load it from there.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.IntegrationIssues, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010.003", "CWE-94", "CWE-829"],
        Precision.VeryHigh,
        example: "A notebook cell `model = AutoModel.from_pretrained(\"org/custom-model\", trust_remote_code=True)`, or `model_kwargs = {\"trust_remote_code\": True}`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<SourceHit> Evaluate(PythonCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Keyword("trust_remote_code") is not { } trust || trust.Value.BoolValue != true)
        {
            yield break;
        }

        var revision = call.Keyword("revision")?.Value.StringValue;
        var pinned = revision is not null && HubReferences.IsCommit(revision);
        var message = pinned
            ? $"`{call.Dotted}` runs the repository's own Python code (trust_remote_code=True), pinned to commit {revision![..12]}: review that code at this commit, or vendor it into this repository."
            : $"`{call.Dotted}` runs the repository's own Python code (trust_remote_code=True) at whatever revision it resolves to. Remove trust_remote_code=True, or pin `revision=\"<commit SHA>\"` to code you reviewed.";
        yield return new SourceHit(Rule, trust.At, message, $"{call.Dotted}|trust_remote_code", $"{call.Dotted}(…, trust_remote_code=True)", pinned ? Severity.Medium : null);
    }

    /// <inheritdoc />
    public IEnumerable<SourceHit> Evaluate(PythonKeyValue entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Key == "trust_remote_code" && entry.Value.BoolValue == true)
        {
            yield return new SourceHit(
                Rule,
                entry.At,
                "The keyword arguments set \"trust_remote_code\": True, so the model or data set they load runs its repository's own Python code. Remove it, or pin `revision` to a commit whose code you reviewed.",
                "dict|trust_remote_code",
                FindingText.Cap("\"trust_remote_code\": True")!);
        }
    }
}
