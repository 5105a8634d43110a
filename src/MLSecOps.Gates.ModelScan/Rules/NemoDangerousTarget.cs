using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD105: NeMo config instantiates a dangerous callable.</summary>
internal static class NemoDangerousTarget
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD105",
        "NeMo config instantiates a dangerous callable",
        "A YAML config inside a NeMo archive (`.nemo`) has a Hydra `_target_` that names a function that runs commands or code (`os.system`, `subprocess.Popen`, `builtins.eval`, `importlib.import_module`...). NeMo calls `hydra.utils.instantiate` on its configs when the model is restored, which calls that target with the config's arguments (CVE-2025-23304).",
        "Do not restore the model. Obtain it from its publisher, and upgrade NeMo to 2.4 or later, which checks `_target_` against an allowlist.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010", "CWE-94", "CVE-2025-23304"],
        Precision.VeryHigh,
        example: "A `model_config.yaml` inside a `.nemo` with `callbacks: [{_target_: subprocess.Popen, args: [id]}]`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
