using System.Text;
using System.Xml;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Pmml;

/// <summary>
/// PMML models (<c>.pmml</c>, XML): read with an <see cref="XmlReader"/> that prohibits DTD processing and resolves nothing, so a
/// DOCTYPE (entities, XXE, billion laughs) is reported instead of expanded. PMML itself has no construct that runs host code.
/// </summary>
internal sealed class PmmlAnalyzer : IModelFileAnalyzer
{
    /// <summary>The largest document read.</summary>
    public const long MaxDocumentCharacters = 256L * 1024 * 1024;

    private const int DoctypeWindow = 64 * 1024;

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [PmmlExternalEntity.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var head = Encoding.UTF8.GetString(probe.Head.Span);
        return probe.Content.Kind == ModelContentKind.Text
            && (probe.FileName.EndsWith(".pmml", StringComparison.Ordinal) || (probe.FileName.EndsWith(".xml", StringComparison.Ordinal) && head.Contains("<PMML", StringComparison.Ordinal)));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        var options = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxDocumentCharacters,
            MaxCharactersFromEntities = 0,
            Async = true,
            IgnoreComments = true,
        };
        try
        {
            var stream = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                using var reader = XmlReader.Create(stream, options);
                var root = true;
                while (await reader.ReadAsync().ConfigureAwait(false))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (root && reader.NodeType == XmlNodeType.Element)
                    {
                        root = false;
                        if (reader.LocalName != "PMML")
                        {
                            return [IncompleteScan.Create(path, null, $"the XML root element is `{reader.LocalName}`, not `PMML`") with { Severity = Severity.Medium }];
                        }
                    }
                }
            }

            return [];
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase))
        {
            return [Doctype(path, probe)];
        }
        catch (XmlException ex)
        {
            return [IncompleteScan.Create(path, null, $"the PMML document is not well-formed XML (line {ex.LineNumber}: {ex.Message})")];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [IncompleteScan.Create(path, null, $"the PMML document could not be read ({ex.Message})")];
        }
    }

    private static Finding Doctype(string path, ModelFileProbe probe)
    {
        // Only the declaration is looked at, as text: nothing in it is resolved.
        var text = ReadStart(probe.File.FullPath);
        var start = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        var declaration = start < 0 ? text : text[start..];
        var line = start < 0 ? 1 : 1 + text.AsSpan(0, start).Count('\n');
        var external = declaration.Contains("SYSTEM", StringComparison.Ordinal) || declaration.Contains("PUBLIC", StringComparison.Ordinal);
        var entities = CountOf(declaration, "<!ENTITY");
        var message = external
            ? $"The PMML document declares external entities ({entities} entity declaration(s), SYSTEM/PUBLIC): a parser that resolves them reads local files or URLs when the model is loaded."
            : $"The PMML document has a DOCTYPE with {entities} entity declaration(s); PMML needs none, and nested entities can expand without bound.";
        var finding = PmmlExternalEntity.Create(path, "DOCTYPE", message, external ? "external-entity" : "doctype", line);
        return external ? finding with { Severity = Severity.Critical } : finding;
    }

    private static string ReadStart(string fullPath)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[DoctypeWindow];
        var read = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    private static int CountOf(string text, string word)
    {
        var count = 0;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
