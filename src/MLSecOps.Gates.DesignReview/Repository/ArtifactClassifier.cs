namespace MLSecOps.Gates.DesignReview.Repository;

/// <summary>Tells models, data sets and serving configurations apart by path and extension; never opens the file.</summary>
public static class ArtifactClassifier
{
    private static readonly HashSet<string> s_modelExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".safetensors", ".pt", ".pth", ".ckpt", ".onnx", ".h5", ".hdf5", ".keras", ".pkl", ".pickle", ".joblib",
        ".gguf", ".ggml", ".tflite", ".mar", ".mlmodel", ".pb", ".llamafile", ".nemo", ".npz",
    };

    private static readonly HashSet<string> s_dataExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".csv", ".tsv", ".parquet", ".jsonl", ".ndjson", ".arrow", ".feather", ".avro", ".orc", ".tfrecord",
    };

    private static readonly HashSet<string> s_servingFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "k8s", "kubernetes", "deploy", "deployment", "deployments", "manifests", "helm", "charts", "serving", "kserve", "overlays", "base",
    };

    private static readonly HashSet<string> s_dataFolders = new(StringComparer.OrdinalIgnoreCase) { "data", "datasets", "dataset" };

    /// <summary>Classifies a repository-relative path.</summary>
    /// <param name="relativePath">The path, with forward slashes.</param>
    /// <returns>Its kind.</returns>
    public static ArtifactKind Classify(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var name = relativePath[(relativePath.LastIndexOf('/') + 1)..];
        var extension = Path.GetExtension(name);
        var folders = relativePath.Split('/')[..^1];
        if (IsServing(name, extension, folders))
        {
            return ArtifactKind.Serving;
        }

        if (s_modelExtensions.Contains(extension) || (extension.Equals(".bin", StringComparison.OrdinalIgnoreCase) && folders.Any(IsModelFolder)))
        {
            return ArtifactKind.Model;
        }

        if (s_dataExtensions.Contains(extension) || (extension.Equals(".json", StringComparison.OrdinalIgnoreCase) && folders.Any(s_dataFolders.Contains)))
        {
            return ArtifactKind.Data;
        }

        return ArtifactKind.Other;
    }

    private static bool IsServing(string name, string extension, string[] folders) =>
        name.StartsWith("Dockerfile", StringComparison.Ordinal)
        || extension.Equals(".dockerfile", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase)
        || name is "compose.yml" or "compose.yaml" or "config.properties"
        || extension.Equals(".pbtxt", StringComparison.OrdinalIgnoreCase)
        || (extension is ".yaml" or ".yml" && folders.Any(s_servingFolders.Contains));

    private static bool IsModelFolder(string folder) => folder.Contains("model", StringComparison.OrdinalIgnoreCase) || folder is "checkpoints" or "weights";
}
