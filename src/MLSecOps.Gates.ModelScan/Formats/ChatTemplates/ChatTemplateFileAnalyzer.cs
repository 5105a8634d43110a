using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.ChatTemplates;

/// <summary>
/// Stand-alone chat template files: the names transformers loads (<c>chat_template.jinja</c>, <c>additional_chat_templates/*.jinja</c>), and
/// any <c>.jinja</c>, <c>.j2</c> or <c>.template</c> file in a model folder or that reads like a chat template rather than a web page.
/// </summary>
internal sealed class ChatTemplateFileAnalyzer : IModelFileAnalyzer
{
    /// <summary>The largest template read.</summary>
    public const int MaxTemplateBytes = 1024 * 1024;

    // What chat templates render; web-application templates (url_for, extends, block) are not chat templates.
    private static readonly string[] ChatMarkers = ["messages", "message[", "message.", "add_generation_prompt", "bos_token", "eos_token", "<|im_start|>"];
    private static readonly string[] WebMarkers = ["{% extends", "{%- extends", "{% block", "{%- block", "url_for(", "<html", "href=", "<div"];

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [ChatTemplateInjection.Descriptor, ChatTemplateExternalInclude.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return IsHuggingFaceName(probe) || Path.GetExtension(probe.FileName) is ".jinja" or ".j2" or ".template";
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        if (probe.File.Length > MaxTemplateBytes)
        {
            return IsHuggingFaceName(probe) || probe.Content.InModelFolder
                ? [IncompleteScan.Create(path, null, $"the template has {probe.File.Length} bytes, more than {MaxTemplateBytes}")]
                : [];
        }

        try
        {
            var template = await File.ReadAllTextAsync(probe.File.FullPath, cancellationToken).ConfigureAwait(false);
            return IsChatTemplate(probe, template) ? ChatTemplateInspector.Inspect(path, "template", template, RegexAllowance.For(settings, cancellationToken)) : [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [IncompleteScan.Create(path, null, $"the template could not be read ({ex.Message})")];
        }
    }

    private static bool IsHuggingFaceName(ModelFileProbe probe) =>
        probe.FileName == "chat_template.jinja"
        || (probe.FileName.EndsWith(".jinja", StringComparison.Ordinal) && probe.File.RelativePath.Contains("additional_chat_templates/", StringComparison.Ordinal));

    // A .template file elsewhere is usually not Jinja at all (.env.template, Dockerfile.template), so it needs chat content.
    private static bool IsChatTemplate(ModelFileProbe probe, string template) =>
        IsHuggingFaceName(probe) || probe.Content.InModelFolder || ContainsAny(template, ChatMarkers)
        || (Path.GetExtension(probe.FileName) is ".jinja" or ".j2" && !ContainsAny(template, WebMarkers));

    private static bool ContainsAny(string text, string[] markers) => markers.Any(m => text.Contains(m, StringComparison.Ordinal));
}
