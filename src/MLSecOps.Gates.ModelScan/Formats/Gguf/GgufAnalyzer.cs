using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.ChatTemplates;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Gguf;

/// <summary>GGUF models: header bounds and the chat templates stored in the metadata; tensor data is never read.</summary>
internal sealed class GgufAnalyzer : IModelFileAnalyzer
{
    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } =
        [GgufInvalidHeader.Descriptor, ChatTemplateInjection.Descriptor, ChatTemplateExternalInclude.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe) => probe.Content.Kind == ModelContentKind.Gguf;

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        GgufHeader header;
        try
        {
            using var stream = new BufferedStream(new CancellableStream(new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1), cancellationToken), 64 * 1024);
            header = GgufHeaderReader.Read(stream, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult<IReadOnlyList<Finding>>([IncompleteScan.Create(path, null, $"the GGUF file could not be read ({ex.Message})")]);
        }

        var findings = new List<Finding>();
        if (header.Problem is { } problem)
        {
            findings.Add(GgufInvalidHeader.Create(path, problem.LogicalPath, $"GGUF header: {problem.Message}.", problem.Message));
        }

        if (header.Incomplete is { } reason)
        {
            findings.Add(IncompleteScan.Create(path, null, reason));
        }

        // One allowance for all templates; findings of earlier templates stay when it or the deadline runs out.
        var allowance = RegexAllowance.For(settings, cancellationToken);
        foreach (var (key, template) in header.ChatTemplates)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                findings.Add(IncompleteScan.Create(path, key, $"the scan took longer than {settings.Budget.PerFileTime.TotalSeconds:0} s; this and later chat templates were not inspected"));
                break;
            }

            findings.AddRange(ChatTemplateInspector.Inspect(path, key, template, allowance));
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }
}
