using MLSecOps.Core.Gates;
using MLSecOps.Core.Inventory;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>What the model scan tells the bill of materials: each model file with its classified format, the framework its
/// name implies, its size and (when asked) its SHA-256.</summary>
internal static class ModelAssets
{
    // Only names that one framework owns; a .pkl or .bin could come from anything, so it names none.
    private static readonly Dictionary<string, string> s_frameworks = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pt"] = "pytorch",
        [".pth"] = "pytorch",
        [".ckpt"] = "pytorch",
        [".keras"] = "keras",
        [".h5"] = "keras",
        [".hdf5"] = "keras",
        [".onnx"] = "onnx",
        [".pb"] = "tensorflow",
        [".tflite"] = "tensorflow-lite",
        [".gguf"] = "llama.cpp",
        [".joblib"] = "scikit-learn",
        [".npy"] = "numpy",
        [".npz"] = "numpy",
        [".safetensors"] = "safetensors",
    };

    /// <summary>Returns one asset per file the scan classified as a model.</summary>
    /// <param name="reports">What the scan said about each file.</param>
    /// <param name="context">The gate context; <see cref="GateContext.HashAssets"/> decides whether files are hashed.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The assets, in file order.</returns>
    public static async Task<IReadOnlyList<Asset>> FromAsync(IEnumerable<FileReport> reports, GateContext context, CancellationToken cancellationToken)
    {
        var assets = new List<Asset>();
        foreach (var report in reports)
        {
            if (report.Content is not { } content || !ModelFileNames.IsModel(content))
            {
                continue;
            }

            var hash = context.HashAssets ? await FileDigest.Sha256Async(report.File.FullPath, cancellationToken).ConfigureAwait(false) : null;
            assets.Add(new Asset
            {
                Kind = AssetKind.Model,
                Key = report.File.RelativePath,
                Files = [report.File.RelativePath],
                Size = report.File.Length,
                Format = content.Kind.ToString().ToLowerInvariant(),
                Framework = s_frameworks.GetValueOrDefault(Path.GetExtension(report.File.RelativePath)),
                Hashes = hash is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [FileDigest.Sha256] = hash },
                Properties = new Dictionary<string, string> { ["scanned-by"] = report.ReadBy.Count > 0 ? string.Join(", ", report.ReadBy.Order(StringComparer.Ordinal)) : "none" },
            });
        }

        return assets;
    }
}
