using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.HuggingFace;

/// <summary>Model cards (<c>README.md</c> with Hugging Face front matter, or next to model files): the declared licence against <c>allowed-licenses</c>.</summary>
internal sealed class ModelCardAnalyzer : IModelFileAnalyzer
{
    private const int MaxSiblings = 2000;

    // Front-matter keys only Hugging Face model cards use; an ordinary README rarely has front matter at all.
    private static readonly string[] CardKeys = ["license", "license_name", "library_name", "pipeline_tag", "base_model", "model-index", "model_name", "datasets", "inference", "widget"];

    private static readonly string[] ModelExtensions = [".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".onnx", ".gguf", ".h5", ".keras", ".pb", ".tflite", ".msgpack"];

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [ModelLicenseNotAllowed.Descriptor, ModelLicenseMissing.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe) => probe.FileName == "readme.md";

    /// <inheritdoc />
    public async Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        string text;
        try
        {
            using var reader = new StreamReader(probe.File.FullPath);
            var buffer = new char[ModelCard.MaxFrontMatterChars];
            var read = await reader.ReadBlockAsync(buffer, cancellationToken).ConfigureAwait(false);
            text = new string(buffer, 0, read);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return [IncompleteScan.Create(path, null, $"the README could not be read ({ex.Message})")];
        }

        var card = ModelCard.Parse(text);
        var isCard = (card is not null && CardKeys.Any(card.Keys.Contains)) || HasModelFiles(Path.GetDirectoryName(probe.File.FullPath)!);
        if (!isCard)
        {
            return [];
        }

        if (card?.License is not { } license)
        {
            return [ModelLicenseMissing.Create(path, "license", "The model card declares no licence in its front matter.", "missing")];
        }

        if (settings.AllowedLicenses.Count > 0 && !settings.AllowedLicenses.Contains(license, StringComparer.Ordinal))
        {
            return [ModelLicenseNotAllowed.Create(path, "license", $"The model licence '{license}' is not in allowed-licenses ({string.Join(", ", settings.AllowedLicenses)}).", license, card.LicenseLine)];
        }

        return [];
    }

    private static bool HasModelFiles(string folder)
    {
        try
        {
            return Directory.EnumerateFiles(folder).Take(MaxSiblings)
                .Any(f => ModelExtensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)));
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
