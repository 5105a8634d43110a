using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD125: Image manifest points a layer outside its folder.</summary>
internal static class OciLayerPathEscape
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD125",
        "Image manifest points a layer outside its folder",
        "A container image manifest (`manifest.json` of `docker save`, or a `.manifest` file) names a layer by absolute path, URL or a path that climbs out with `..`. Tools that import the image read (and unpack) whatever file that path reaches.",
        "Re-export the image with `docker save` or an OCI tool, which name layers relative to the image folder. Never import an image whose manifest escapes its folder.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "CWE-22"],
        Precision.High,
        example: "An `image.manifest` whose `layers` list holds `../outside/layer.tar.gz`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
