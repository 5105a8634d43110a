using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.ChatTemplates;

/// <summary>Stand-alone chat template files that tokenizers load next to the model: <c>chat_template.jinja</c> and <c>additional_chat_templates/*.jinja</c>.</summary>
internal sealed class ChatTemplateFileAnalyzer : IModelFileAnalyzer
{
    /// <summary>The largest template read.</summary>
    public const int MaxTemplateBytes = 1024 * 1024;

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [ChatTemplateInjection.Descriptor, ChatTemplateExternalInclude.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    /// <remarks>Only the names transformers uses: web-application templates (<c>url_for</c>, <c>extends</c>) are not chat templates.</remarks>
    public bool Accepts(ModelFileProbe probe) =>
        probe.FileName == "chat_template.jinja"
        || (probe.FileName.EndsWith(".jinja", StringComparison.Ordinal) && probe.File.RelativePath.Contains("additional_chat_templates/", StringComparison.Ordinal));

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        if (probe.File.Length > MaxTemplateBytes)
        {
            return [IncompleteScan.Create(path, null, $"the template has {probe.File.Length} bytes, more than {MaxTemplateBytes}")];
        }

        try
        {
            var template = await File.ReadAllTextAsync(probe.File.FullPath, cancellationToken).ConfigureAwait(false);
            return ChatTemplateInspector.Inspect(path, "template", template, RegexAllowance.For(settings, cancellationToken));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [IncompleteScan.Create(path, null, $"the template could not be read ({ex.Message})")];
        }
    }
}
