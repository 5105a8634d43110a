using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD130: R serialized file holds a promise (code run on access).</summary>
internal static class RPromiseObject
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD130",
        "R serialized file holds a promise (code run on access)",
        "An R `.rds`/`.RData` stream contains a promise object (`PROMSXP`): an unevaluated expression that R evaluates the first time the loaded value is touched, so `readRDS`/`load` followed by any use runs code chosen by the file's author (CVE-2024-27322). R's own saves never write promises.",
        "Do not load the file. Upgrade R to 4.4.0 or later (which refuses promises in serialized data), and re-save the object from its source.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "CWE-502", "CVE-2024-27322"],
        Precision.VeryHigh,
        example: "A `model.rds` whose object is a promise with the code `system(\"id\")` (CVE-2024-27322).");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
