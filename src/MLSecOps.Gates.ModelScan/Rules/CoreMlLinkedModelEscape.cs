using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD138: CoreML model links a model outside its folder.</summary>
internal static class CoreMlLinkedModelEscape
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD138",
        "CoreML model links a model outside its folder",
        "A CoreML `linkedModel` names its file or search path by absolute path, home folder, URL, or a path that climbs out with `..`. CoreML loads whatever compiled model is found there when the linking model is loaded.",
        "Link models by a file name inside the app bundle and commit the linked model beside it (pinned in the model lock file).",
        Severity.High,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "CWE-22"],
        Precision.High,
        example: "A `model.mlmodel` whose linked model file name is `../outside.mlmodelc`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
