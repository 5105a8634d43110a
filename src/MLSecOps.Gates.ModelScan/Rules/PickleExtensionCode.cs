using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD009: pickle uses the copyreg extension registry.</summary>
internal static class PickleExtensionCode
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD009",
        "Pickle uses the copyreg extension registry",
        "EXT1, EXT2 or EXT4 opcodes name a callable by a number registered with `copyreg.add_extension` in the loading process. The scanner cannot know which callable the number means, and ordinary models never use it.",
        "Re-export the model without extension codes (default `pickle.dump` never writes them).",
        Severity.High,
        [Threat.MalwareDistribution],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.High,
        example: "A pickle with an `EXT1 0x01` opcode that names a callable through `copyreg.add_extension` code 1.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
