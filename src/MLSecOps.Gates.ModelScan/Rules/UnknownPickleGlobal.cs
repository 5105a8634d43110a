using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Pickle;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD003: pickle references a callable outside the allowlist.</summary>
internal static class UnknownPickleGlobal
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD003",
        "Pickle references a callable outside the allowlist",
        "The pickle references a class or function that is neither on the built-in allowlist of ordinary PyTorch, NumPy, pandas, scikit-learn and standard-library types nor on the denylist. Loading the file imports its module and calls it. An unknown class (a CapWords name without underscores, such as a user's own `nn.Module` saved whole with `torch.save`) is medium: it is how everyday checkpoints look, and a class can only be constructed. An unknown function, or a dotted name that walks attributes, is high, as gadgets usually are functions; with `unknown-globals: block` in the policy every unknown global is high. Known dangerous callables are MOD002, and classes of the repository's own Python files are MOD024.",
        "Check the referenced `module.name` in the evidence. If it is your own trusted class, allow it in the policy: `model-scan: allowed-globals: { mypkg.models: [MyNet] }` (`*` allows a whole module). Better, save the state dict or safetensors and rebuild the model in code.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.High,
        example: "A `torch.save` of a whole model whose pickle names `GLOBAL 'mypkg.models MyNet'` that no allowlist or `allowed-globals` entry covers.");

    /// <summary>Creates a finding for the unknown global <paramref name="fullName"/>: medium for a class, high for a function or when <paramref name="block"/> (the policy, or a dotted name that walks attributes).</summary>
    public static Finding Create(string path, string? logicalPath, string fullName, bool block, string contentKey, string? evidence = null)
    {
        ArgumentNullException.ThrowIfNull(fullName);
        var isClass = PickleGlobalPolicy.IsClassName(fullName);
        var message = isClass
            ? $"Pickle references the class `{fullName}`, which is not on the allowlist: loading the file imports and constructs it."
            : $"Pickle references the function `{fullName}`, which is not on the allowlist: loading the file may call it.";
        var finding = Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
        return isClass && !block ? finding : finding with { Severity = Severity.High };
    }
}
