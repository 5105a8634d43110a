using MLSecOps.Fuzz.Targets;

namespace MLSecOps.Fuzz;

/// <summary>Every fuzz target, by name.</summary>
/// <remarks>
/// Extension point: a new reader gets an entry here; the smoke test and the Fuzz build target pick new entries up without further changes.
/// </remarks>
internal static class FuzzTargets
{
    private static readonly byte[] Zip = "PK"u8.ToArray();
    private static readonly byte[] Gzip = [0x1F, 0x8B];

    /// <summary>Gets the targets.</summary>
    public static IReadOnlyList<IFuzzTarget> All { get; } =
    [
        new ModelFileTarget("pickle", "models/model.pkl", (name, head) =>
            ModelFileTarget.Named(".pkl", ".joblib", ".p")(name, head) || (head.Length > 1 && head[0] == 0x80 && name.EndsWith(".pt", StringComparison.Ordinal))),
        new ModelFileTarget("numpy", "models/array.npy", ModelFileTarget.Named(".npy")),
        new ModelFileTarget("zip", "models/model.pt", ModelFileTarget.Starting(Zip)),
        new ModelFileTarget("tar", "models/archive.tar", (name, head) =>
            ModelFileTarget.Starting(Gzip)(name, head) || (head.Length > 262 && head.AsSpan(257, 5).SequenceEqual("ustar"u8))),
        new ModelFileTarget("safetensors", "models/model.safetensors", ModelFileTarget.Named(".safetensors")),
        new ModelFileTarget("gguf", "models/model.gguf", ModelFileTarget.Named(".gguf")),
        new ModelFileTarget("hdf5", "models/model.h5", ModelFileTarget.Named(".h5")),
        new ModelFileTarget("onnx", "models/model.onnx", ModelFileTarget.Named(".onnx")),
        new ModelFileTarget("savedmodel", "models/saved_model.pb", ModelFileTarget.Named(".pb")),
        new ModelFileTarget("sevenzip", "models/model.7z", ModelFileTarget.Starting([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C])),
        new ModelFileTarget("torchserve", "models/model.mar", ModelFileTarget.Named(".mar")),
        new ModelFileTarget("nemo", "models/model.nemo", ModelFileTarget.Named(".nemo")),
        new ModelFileTarget("skops", "models/model.skops", ModelFileTarget.Named(".skops")),
        new ModelFileTarget("rdata", "models/model.rds", ModelFileTarget.Named(".rds", ".rdata")),
        new ModelFileTarget("tflite", "models/model.tflite", ModelFileTarget.Named(".tflite")),
        new ModelFileTarget("coreml", "models/model.mlmodel", ModelFileTarget.Named(".mlmodel")),
        new ModelFileTarget("pmml", "models/model.pmml", ModelFileTarget.Named(".pmml")),
        new ModelFileTarget("flax", "models/flax_model.msgpack", ModelFileTarget.Named(".msgpack")),
        new DeployFileTarget("yaml", "deploy/manifest.yaml", name => name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal)),
        new DeployFileTarget("dockerfile", "deploy/Dockerfile", name => name.StartsWith("Dockerfile", StringComparison.Ordinal) || name.EndsWith("Dockerfile", StringComparison.Ordinal)),
        new DeployFileTarget("properties", "deploy/config.properties", name => name.EndsWith(".properties", StringComparison.Ordinal)),
        new DataFileTarget("csv", "data/train.csv", ".csv"),
        new DataFileTarget("jsonl", "data/train.jsonl", ".jsonl"),
        new DataFileTarget("json", "data/train.json", ".json"),
        new DataFileTarget("parquet", "data/train.parquet", ".parquet", "parquet"),
        new PolicyTarget(),
    ];

    /// <summary>Returns the target called <paramref name="name"/>, or null.</summary>
    public static IFuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
