namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>What file names claim: extensions are hints only, used to spot content that does not match its name.</summary>
internal static class ModelFileNames
{
    // Extension → the content kinds a genuine file of that format has. Unknown means the format has no magic (protobuf, raw).
    private static readonly Dictionary<string, ModelContentKind[]> Claims = new(StringComparer.Ordinal)
    {
        [".pkl"] = [ModelContentKind.Pickle, ModelContentKind.Zlib, ModelContentKind.Gzip, ModelContentKind.Lzma, ModelContentKind.Xz, ModelContentKind.Bzip2, ModelContentKind.Lz4],
        [".pickle"] = [ModelContentKind.Pickle, ModelContentKind.Zlib, ModelContentKind.Gzip],
        [".p"] = [ModelContentKind.Pickle, ModelContentKind.Zlib, ModelContentKind.Gzip],
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
        [".mar"] = [ModelContentKind.Zip],
        [".nemo"] = [ModelContentKind.Tar, ModelContentKind.Gzip],
        [".skops"] = [ModelContentKind.Zip],
        [".pmml"] = [ModelContentKind.Unknown],
        [".llamafile"] = [ModelContentKind.Unknown, ModelContentKind.Zip],
        [".rds"] = [ModelContentKind.Gzip, ModelContentKind.Bzip2, ModelContentKind.Xz, ModelContentKind.Unknown],
        [".rdata"] = [ModelContentKind.Gzip, ModelContentKind.Bzip2, ModelContentKind.Xz, ModelContentKind.Unknown],
        [".rda"] = [ModelContentKind.Gzip, ModelContentKind.Bzip2, ModelContentKind.Xz, ModelContentKind.Unknown],
        [".ubj"] = [ModelContentKind.Unknown],
        [".lgb"] = [ModelContentKind.Unknown],

        // Formats the scanner does not parse (docs/gates/model-scan-formats.md says why): named here so they are never passed in silence.
        [".mlmodel"] = [ModelContentKind.Unknown],
        [".ptl"] = [ModelContentKind.Zip],
        [".pte"] = [ModelContentKind.Unknown],
        [".pdmodel"] = [ModelContentKind.Unknown],
        [".pdiparams"] = [ModelContentKind.Unknown],
        [".pdparams"] = [ModelContentKind.Pickle],
        [".pdopt"] = [ModelContentKind.Pickle],
        [".params"] = [ModelContentKind.Unknown],
        [".msgpack"] = [ModelContentKind.Unknown],
        [".t7"] = [ModelContentKind.Unknown],
        [".cbm"] = [ModelContentKind.Unknown],
        [".dnn"] = [ModelContentKind.Unknown],
        [".cmf"] = [ModelContentKind.Unknown],
        [".rknn"] = [ModelContentKind.Unknown],
        [".engine"] = [ModelContentKind.Unknown],
    };

    // Formats that cannot run code by design: a pickle or archive behind these names is a disguise.
    private static readonly HashSet<string> SafeFormats = new(StringComparer.Ordinal) { ".npy", ".h5", ".hdf5", ".pb", ".onnx", ".tflite", ".safetensors", ".gguf" };

    /// <summary>Returns whether the lower-case <paramref name="fileName"/> has a model (or model container) extension.</summary>
    public static bool HasModelExtension(string fileName) => Claims.ContainsKey(Path.GetExtension(fileName));

    // Compression suffixes that keep the model name inside them (joblib's and pandas' compressed pickles).
    private static readonly string[] CompressionSuffixes = [".gz", ".z", ".zlib", ".lzma", ".xz", ".bz2", ".zst", ".lz4"];

    /// <summary>Returns whether the lower-case <paramref name="fileName"/> claims a model: a model extension, also under a compression suffix.</summary>
    public static bool IsModelName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        if (HasModelExtension(fileName))
        {
            return true;
        }

        var suffix = CompressionSuffixes.FirstOrDefault(s => fileName.EndsWith(s, StringComparison.Ordinal));
        return suffix is not null && HasModelExtension(fileName[..^suffix.Length]);
    }

    /// <summary>Returns the folders (repository-relative, <c>/</c>-separated, empty for the root) that hold a file named like a model.</summary>
    public static IReadOnlySet<string> ModelFolders(IEnumerable<string> relativePaths) =>
        relativePaths.Where(p => IsModelName(Path.GetFileName(p).ToLowerInvariant())).Select(FolderOf).ToHashSet(StringComparer.Ordinal);

    /// <summary>Returns the folder part of a repository-relative path.</summary>
    public static string FolderOf(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        var slash = relativePath.LastIndexOf('/');
        return slash < 0 ? "" : relativePath[..slash];
    }

    /// <summary>Returns whether the file counts as a model for the lock file: model content, or a model name.</summary>
    public static bool IsModel(ContentClassification content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return IsModel(content.Kind, content.FileName);
    }

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
        // Text is one kind of content without magic: a name that accepts no magic accepts text too.
        var claimed = kind == ModelContentKind.Text ? ModelContentKind.Unknown : kind;
        if (!Claims.TryGetValue(extension, out var expected) || expected.Contains(claimed))
        {
            return null;
        }

        var carriesCode = kind == ModelContentKind.Pickle || ModelContentClassifier.IsContainer(kind);
        return carriesCode && SafeFormats.Contains(extension);
    }
}
