using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Oci;

/// <summary>
/// Container image manifests that name their layers by path (<c>manifest.json</c> of <c>docker save</c>, <c>*.manifest</c>): every
/// layer path must stay inside the image folder. The layer tarballs themselves are scanned by the archive scanner.
/// </summary>
internal sealed class ImageManifestAnalyzer : IModelFileAnalyzer
{
    private const int MaxManifestBytes = 4 * 1024 * 1024;

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [OciLayerPathEscape.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return (probe.FileName.EndsWith(".manifest", StringComparison.Ordinal) || probe.FileName == "manifest.json")
            && probe.Content.Kind == ModelContentKind.Text && probe.File.Length <= MaxManifestBytes;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        try
        {
            var bytes = await File.ReadAllBytesAsync(probe.File.FullPath, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false });
            var findings = new List<Finding>();
            foreach (var (layer, where) in LayerPaths(document.RootElement))
            {
                if (Escapes(layer))
                {
                    findings.Add(OciLayerPathEscape.Create(path, where, $"Layer `{layer}` is outside the image folder; importing the image reads that file.", layer));
                }
            }

            return findings;
        }
        catch (JsonException)
        {
            // A `.manifest` that is not JSON is some other tool's manifest (Windows side-by-side, app manifests): not an image.
            return [];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [IncompleteScan.Create(path, null, $"the manifest could not be read ({ex.Message})")];
        }
    }

    /// <summary>Returns the layer paths of a docker-save manifest (<c>[{"Layers": [...]}]</c>) or a path-list manifest (<c>{"layers": [...]}</c>).</summary>
    private static IEnumerable<(string Layer, string Where)> LayerPaths(JsonElement root)
    {
        var images = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i].ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var key in new[] { "Layers", "layers", "Config", "config" })
            {
                if (!images[i].TryGetProperty(key, out var value))
                {
                    continue;
                }

                var prefix = root.ValueKind == JsonValueKind.Array ? $"[{i}].{key}" : key;
                if (value.ValueKind == JsonValueKind.String)
                {
                    yield return (value.GetString()!, prefix);
                }
                else if (value.ValueKind == JsonValueKind.Array)
                {
                    var index = 0;
                    foreach (var layer in value.EnumerateArray())
                    {
                        if (layer.ValueKind == JsonValueKind.String)
                        {
                            yield return (layer.GetString()!, $"{prefix}[{index}]");
                        }

                        index++;
                    }
                }
            }
        }
    }

    private static bool Escapes(string layer)
    {
        var normal = layer.Replace('\\', '/');
        return normal.StartsWith('/') || normal.Contains("://", StringComparison.Ordinal) || (normal.Length > 1 && normal[1] == ':')
            || normal.Split('/').Contains("..");
    }
}
