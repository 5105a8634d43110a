using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD100: TorchServe archive runs its own handler code.</summary>
internal static class TorchServeCustomHandler
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD100",
        "TorchServe archive runs its own handler code",
        "The `MAR-INF/MANIFEST.json` of a TorchServe model archive (`.mar`) names a handler that is not one of TorchServe's built-in handlers. TorchServe imports and runs that Python module (shipped in the archive, or installed under that name) when it registers the model.",
        "Review the handler and every `.py` file in the archive like any other code of the repository, and pin the archive in the model lock file. Once reviewed, waive `MOD100` for the archive.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010"],
        Precision.High,
        example: "A `model.mar` whose `MAR-INF/MANIFEST.json` has `\"model\": {\"handler\": \"handler.py\"}`, with `handler.py` shipped in the archive.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
