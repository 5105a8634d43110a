namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>What file names claim: extensions are hints only, used to spot content that does not match its name.</summary>
internal static class ModelFileNames
{
    // Extension → the content kinds a genuine file of that format has. Unknown means the format has no magic (protobuf, raw).
    private static readonly Dictionary<string, ModelContentKind[]> Claims = new(StringComparer.Ordinal)
    {
        [".pkl"] = [ModelContentKind.Pickle, ModelContentKind.Zlib, ModelContentKind.Gzip, ModelContentKind.Lzma, ModelContentKind.Xz, ModelContentKind.Bzip2, ModelContentKind.Lz4],
        [".pickle"] = [ModelContentKind.Pickle, ModelContentKind.Zlib, ModelContentKind.Gzip],
        [".joblib"] = [ModelContentKind.Pickle, ModelContentKind.Zlib, ModelContentKind.Gzip, ModelContentKind.Lzma, ModelContentKind.Xz, ModelContentKind.Bzip2, ModelContentKind.Lz4],
        [".pt"] = [ModelContentKind.Zip, ModelContentKind.Pickle, ModelContentKind.Tar],
        [".pth"] = [ModelContentKind.Zip, ModelContentKind.Pickle, ModelContentKind.Tar],
        [".ckpt"] = [ModelContentKind.Zip, ModelContentKind.Pickle, ModelContentKind.Tar],
        [".bin"] = [ModelContentKind.Zip, ModelContentKind.Pickle, ModelContentKind.Tar, ModelContentKind.Unknown],
        [".npy"] = [ModelContentKind.Numpy],
        [".npz"] = [ModelContentKind.Zip],
        [".h5"] = [ModelContentKind.Hdf5],
        [".hdf5"] = [ModelContentKind.Hdf5],
        [".keras"] = [ModelContentKind.Zip, ModelContentKind.Hdf5],
        [".pb"] = [ModelContentKind.Unknown],
        [".onnx"] = [ModelContentKind.Unknown],
        [".tflite"] = [ModelContentKind.TfLite],
        [".safetensors"] = [ModelContentKind.Safetensors],
        [".gguf"] = [ModelContentKind.Gguf],
        [".tar"] = [ModelContentKind.Tar],
        [".7z"] = [ModelContentKind.SevenZip],
    };

    // Formats that cannot run code by design: a pickle or archive behind these names is a disguise.
    private static readonly HashSet<string> SafeFormats = new(StringComparer.Ordinal) { ".npy", ".h5", ".hdf5", ".pb", ".onnx", ".tflite", ".safetensors", ".gguf" };

    /// <summary>Returns whether the lower-case <paramref name="fileName"/> has a model (or model container) extension.</summary>
    public static bool HasModelExtension(string fileName) => Claims.ContainsKey(Path.GetExtension(fileName));

    /// <summary>Returns whether the file counts as a model for the lock file: model content, or a model name.</summary>
    public static bool IsModel(ModelContentKind kind, string fileName) =>
        kind is ModelContentKind.Pickle or ModelContentKind.Numpy or ModelContentKind.Safetensors or ModelContentKind.Gguf
            or ModelContentKind.Hdf5 or ModelContentKind.TfLite
        || (HasModelExtension(fileName) && Path.GetExtension(fileName) is not (".tar" or ".7z"));

    /// <summary>Compares the content kind with the name's claim.</summary>
    /// <returns>Null when they agree (or the name claims nothing); otherwise whether the disguise hides code (critical).</returns>
    public static bool? Mismatch(ModelContentKind kind, string fileName)
    {
        var extension = Path.GetExtension(fileName);
        if (!Claims.TryGetValue(extension, out var expected) || expected.Contains(kind))
        {
            return null;
        }

        var carriesCode = kind == ModelContentKind.Pickle || ModelContentSniffer.IsContainer(kind);
        return carriesCode && SafeFormats.Contains(extension);
    }
}
