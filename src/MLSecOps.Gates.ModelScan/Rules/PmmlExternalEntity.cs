using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD110: PMML file declares a DTD or XML entities.</summary>
internal static class PmmlExternalEntity
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD110",
        "PMML file declares a DTD or XML entities",
        "A PMML document has a `<!DOCTYPE>`, usually with entity declarations. PMML needs none. An external entity (`SYSTEM`/`PUBLIC`) makes XML parsers that resolve entities read local files or URLs when the model is loaded (XXE), and nested entities expand into billions of characters (billion laughs). The scanner reads the XML with DTD processing prohibited; external entities are critical.",
        "Remove the DOCTYPE and re-export the model from its trainer (sklearn2pmml, JPMML). Load PMML only with parsers that have DTD processing disabled.",
        Severity.High,
        [Threat.UnintendedSystemInteraction, Threat.ModelDenialOfService],
        ["OWASP-ML06", "AML.T0010", "CWE-611", "CWE-776"],
        Precision.High,
        example: "A `model.pmml` that starts `<!DOCTYPE PMML [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
