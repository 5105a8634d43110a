using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD053: Keras config uses a published safe-mode bypass.</summary>
internal static class KerasDeserializationGadget
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD053",
        "Keras config uses a published safe-mode bypass",
        "The Keras config contains a known deserialisation gadget: `keras.utils.get_file` (downloads a file at load time, CVE-2025-8747), `enable_unsafe_deserialization` (turns safe mode off from inside the model, CVE-2025-9906) or `TorchModuleWrapper` (runs `torch.load` without `weights_only`, CVE-2025-49655), or a `TFOpLambda` layer whose TensorFlow symbol reads or writes files or calls Python (`tf.io.write_file`, `tf.py_function`).",
        "Do not load the model: these names have no legitimate place in a model config. Upgrade Keras to 3.11.3 or later and obtain the model from a trusted source.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010", "CWE-502"],
        Precision.VeryHigh,
        example: "A Keras `config.json` that calls `keras.utils.get_file` with an `https://` URL, or names `enable_unsafe_deserialization` or `TorchModuleWrapper`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
