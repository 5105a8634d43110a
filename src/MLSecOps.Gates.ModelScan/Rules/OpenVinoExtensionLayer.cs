using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD139: OpenVINO model needs a Python or extension layer.</summary>
internal static class OpenVinoExtensionLayer
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD139",
        "OpenVINO model needs a Python or extension layer",
        "An OpenVINO IR (`.xml`) has a layer of type `Python` or `Custom`, or a layer that names an extension library (`library`, `implementation`). OpenVINO runs such layers with code registered by the application or loaded from that library, not with its own operators.",
        "Prefer models converted to standard opsets. If the extension is required, build it from reviewed source and pin it, then waive `MOD139` for the layer.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.IntegrationIssues],
        ["OWASP-ML06", "AML.T0010"],
        Precision.Medium,
        example: "An OpenVINO `model.xml` with `<layer name=\"post\" type=\"Custom\" version=\"extension\" library=\"libpost_ops.so\"/>`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
