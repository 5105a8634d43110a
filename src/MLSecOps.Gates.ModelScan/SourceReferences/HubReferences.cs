using System.Text.RegularExpressions;

namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>What the source rules know about Hugging Face Hub references: which imports mean Hub code, what a repository id and a commit look like.</summary>
internal static partial class HubReferences
{
    // Libraries whose from_pretrained reads the Hugging Face Hub.
    private static readonly HashSet<string> HubLibraries = new(StringComparer.Ordinal)
    {
        "transformers", "diffusers", "peft", "huggingface_hub", "sentence_transformers", "optimum", "trl", "setfit", "timm", "open_clip",
        "auto_gptq", "awq", "accelerate", "tokenizers", "span_marker", "gliner", "adapters", "controlnet_aux", "lerobot", "parler_tts", "mlx_lm",
    };

    private static readonly string[] FileSuffixes =
        [".json", ".bin", ".pt", ".pth", ".safetensors", ".ckpt", ".gguf", ".onnx", ".h5", ".pkl", ".yaml", ".yml", ".txt", ".model", ".msgpack", ".tar", ".gz", ".zip"];

    /// <summary>Returns whether the module imports a library whose <c>from_pretrained</c> reads the Hub.</summary>
    public static bool UsesHub(PythonScope scope) => scope.ImportedRoots.Overlaps(HubLibraries);

    /// <summary>Returns whether <paramref name="text"/> is shaped like a Hub repository id (<c>org/name</c> or a legacy <c>name</c>), not a local path or a file.</summary>
    public static bool IsRepositoryId(string? text) =>
        text is { Length: > 0 and <= 200 } && RepositoryId().IsMatch(text) && !text.Contains("..", StringComparison.Ordinal)
        && !text.Contains("--", StringComparison.Ordinal) && !FileSuffixes.Any(s => text.EndsWith(s, StringComparison.OrdinalIgnoreCase));

    /// <summary>Returns whether <paramref name="revision"/> is a full commit SHA (40 hexadecimal digits), the only revision that cannot move.</summary>
    public static bool IsCommit(string revision) => CommitSha().IsMatch(revision);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*(/[A-Za-z0-9][A-Za-z0-9_.-]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryId();

    [GeneratedRegex("^[0-9a-fA-F]{40}$", RegexOptions.CultureInvariant)]
    private static partial Regex CommitSha();
}
