using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD161: model config holds a shell command.</summary>
internal static class ModelConfigShellCommand
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD161",
        "Model config holds a shell command",
        "A value of a model config is a shell command line (`rm -rf`, `curl … | sh`, `bash -c`, `nc -e`, `powershell -enc`, `python -c`...). No model loader runs config values, so the file itself runs nothing; but a config has no reason to carry one, and scripts or custom code that read the config (hooks, `debug_command`, `post_install`) would run it.",
        "Remove the command from the config. Commands belong in reviewed scripts of the repository, not in model files.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010", "CWE-78"],
        Precision.Medium,
        example: "A `suspicious_config.json` with `\"debug_command\": \"rm -rf /\"`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence, int line) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
