using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.SourceReferences.Rules;

/// <summary>MOD152: <c>torch.load</c> without <c>weights_only=True</c> unpickles whatever the file holds.</summary>
internal sealed class UnrestrictedTorchLoad : ISourceReferenceRule
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "MOD152",
        "torch.load without weights_only=True",
        "`torch.load` unpickles the file, and without `weights_only=True` any callable the pickle names runs (the loader behind most malicious checkpoints). PyTorch 2.6 made `weights_only=True` the default, so a call that omits it is safe only where torch ≥ 2.6 is guaranteed: it is reported at medium. `weights_only=False`, or a file the same function downloaded, is high.",
        "Pass `weights_only=True` (add `torch.serialization.add_safe_globals([...])` for your own classes), or store weights as safetensors and load them with `safetensors.torch.load_file`. Never combine `weights_only=False` with a file from outside the repository.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "AML.T0011", "CWE-502"],
        Precision.High,
        example: "A script line `state = torch.load(\"checkpoint.pt\")` (no `weights_only`), or `torch.load(path, weights_only=False)`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<SourceHit> Evaluate(PythonCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Qualified is not ("torch.load" or "torch.serialization.load"))
        {
            yield break;
        }

        var weightsOnly = call.Keyword("weights_only");
        var flag = weightsOnly?.Value.BoolValue;
        if (flag == true || (weightsOnly is not null && flag is null) || (weightsOnly is null && call.HasUnpacked))
        {
            // weights_only=True, or a value this reader cannot know (a variable, **kwargs).
            yield break;
        }

        var download = call.Arguments.Select(a => a.Value.Download).FirstOrDefault(d => d is not null);
        var what = download is null ? "the file" : $"a file downloaded by {download}";
        if (flag == false)
        {
            yield return new SourceHit(
                Rule,
                weightsOnly!.At,
                $"`{call.Dotted}` loads {what} with weights_only=False: any callable its pickle names runs. Use weights_only=True (allow your own classes with torch.serialization.add_safe_globals) or load safetensors instead.",
                $"{call.Dotted}|weights_only=False",
                $"{call.Dotted}(…, weights_only=False)",
                Severity.High);
            yield break;
        }

        yield return new SourceHit(
            Rule,
            call.At,
            $"`{call.Dotted}` loads {what} without weights_only=True: before torch 2.6 that unpickles anything, running the callables the file names. Pass weights_only=True explicitly, or load safetensors instead.",
            $"{call.Dotted}|no weights_only",
            $"{call.Dotted}(…)",
            download is null ? null : Severity.High);
    }
}
