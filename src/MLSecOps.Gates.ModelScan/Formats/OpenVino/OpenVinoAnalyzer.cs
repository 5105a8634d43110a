using System.Text;
using System.Xml;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.OpenVino;

/// <summary>
/// OpenVINO IR (<c>.xml</c> whose root is <c>&lt;net&gt;</c>): reads every <c>&lt;layer&gt;</c> with an <see cref="XmlReader"/> that
/// prohibits DTDs and resolves nothing, and reports Python or custom layers and layers that name an extension library.
/// </summary>
internal sealed class OpenVinoAnalyzer : IModelFileAnalyzer
{
    private const long MaxDocumentCharacters = 256L * 1024 * 1024;

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [OpenVinoExtensionLayer.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.FileName.EndsWith(".xml", StringComparison.Ordinal) && probe.Content.Kind == ModelContentKind.Text
            && Encoding.UTF8.GetString(probe.Head.Span).Contains("<net ", StringComparison.Ordinal);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        var findings = new List<Finding>();
        var options = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxDocumentCharacters,
            Async = true,
            IgnoreComments = true,
        };
        try
        {
            var stream = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = XmlReader.Create(stream, options);
                var info = (IXmlLineInfo)reader;
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (reader.NodeType == XmlNodeType.Element && reader.LocalName == "layer" && Extension(reader) is { } what)
                    {
                        var name = reader.GetAttribute("name") ?? reader.GetAttribute("id") ?? "(unnamed)";
                        findings.Add(OpenVinoExtensionLayer.Create(path, $"layer {name}", $"Layer `{name}` {what}; the runtime runs code supplied outside the model for it.", what, info.LineNumber));
                    }
                }
            }
        }
        catch (XmlException ex)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the OpenVINO IR is not well-formed XML or declares a DTD (line {ex.LineNumber}: {ex.Message})"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings.Add(IncompleteScan.Create(path, null, $"the OpenVINO IR could not be read ({ex.Message})"));
        }

        return [.. findings.Take(settings.Budget.MaxFindingsPerFile)];
    }

    private static string? Extension(XmlReader layer)
    {
        var type = layer.GetAttribute("type") ?? "";
        if (type.Equals("python", StringComparison.OrdinalIgnoreCase) || type.Equals("custom", StringComparison.OrdinalIgnoreCase))
        {
            return $"is of type `{type}`";
        }

        var library = layer.GetAttribute("library") ?? layer.GetAttribute("implementation");
        return library is null ? null : $"names the extension library `{library}`";
    }
}
