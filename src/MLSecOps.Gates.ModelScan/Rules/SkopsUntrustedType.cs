using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD116: skops file needs a type outside scikit-learn, NumPy and SciPy.</summary>
internal static class SkopsUntrustedType
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD116",
        "skops file needs a type outside scikit-learn, NumPy and SciPy",
        "The `schema.json` of a skops file names a type that skops does not trust by default (outside scikit-learn, NumPy, SciPy and plain Python containers). `skops.io.load` refuses it unless the caller lists it in `trusted=`, and then imports and constructs it.",
        "Check that the type is reviewed code of your own or a pinned dependency before trusting it, then waive `MOD116` for the file.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.Medium,
        example: "The `schema.json` of a `.skops` file naming `{\"__module__\": \"mylib.transformers\", \"__class__\": \"Scaler\"}`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
