using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD003: pickle references a callable outside the allowlist.</summary>
internal static class UnknownPickleGlobal
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD003",
        "Pickle references a callable outside the allowlist",
        "The pickle references a class or function that is not on the built-in allowlist of ordinary PyTorch, NumPy, scikit-learn and standard-library types. The scanner is default-deny: an unknown callable runs code when the file is loaded and may be a gadget no denylist knows.",
        "Check the referenced `module.name` in the evidence. If it is your own trusted class, allow it in the policy: `model-scan: allowed-globals: { mypkg.models: [MyNet] }` (`*` allows a whole module). Otherwise re-export the model as safetensors.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.High,
        example: "A `torch.save` of a whole model whose pickle names `GLOBAL 'mypkg.models MyNet'` that no allowlist or `allowed-globals` entry covers.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
