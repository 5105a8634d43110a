using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD160: model config points to a host outside the known model hubs.</summary>
internal static class ModelConfigUntrustedUrl
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD160",
        "Model config points to a host outside the known model hubs",
        "A value of a model config (`config.json`, `*_config.json`, `model_index.json`, shard indexes) is a URL whose host is not a known model hub or code host (Hugging Face, GitHub, PyTorch, TensorFlow, Kaggle, ModelScope), judged by the host itself: `huggingface.co.evil.example` and `evil.example/huggingface.co` are both foreign. Loaders do not fetch config URLs by themselves, but training scripts, pipelines and custom code read them (download, webhook, mirror), which makes the config a way to point a team at an attacker's server.",
        "Remove the URL, or replace it by the model's Hub repository. If the host is your own mirror, waive `MOD160` for the file with a reason.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010"],
        Precision.Medium,
        example: "A `config.json` with `\"mirror_url\": \"https://huggingface.co.evil.example/model.bin\"`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence, int line) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
