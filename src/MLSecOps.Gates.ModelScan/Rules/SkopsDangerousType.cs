using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD115: skops file constructs a dangerous type.</summary>
internal static class SkopsDangerousType
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD115",
        "skops file constructs a dangerous type",
        "The `schema.json` of a skops file names a type or function that runs commands or code (`os.system`, `builtins.eval`, `subprocess.Popen`, `operator.methodcaller`...). If a user passes it as trusted, or an old skops loads it (CVE-2025-54412, CVE-2025-54413), loading calls it.",
        "Do not load the file. Never pass the output of `skops.io.get_untrusted_types` to `trusted=` without reading it.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "CWE-502", "CVE-2025-54412"],
        Precision.VeryHigh,
        example: "The `schema.json` of a `.skops` file naming `{\"__module__\": \"builtins\", \"__class__\": \"eval\", \"__loader__\": \"ObjectNode\"}`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
