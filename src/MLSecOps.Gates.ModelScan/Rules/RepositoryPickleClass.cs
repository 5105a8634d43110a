using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD024: pickle loads a class defined by this repository's code.</summary>
internal static class RepositoryPickleClass
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD024",
        "Pickle loads a class defined by this repository's code",
        "The pickle references a class whose module is a Python file of the scanned repository, as `torch.save(model)` of your own `nn.Module` does. Loading the file imports that module and runs its code; that code is in the repository, where a change to it is reviewed like any other code.",
        "Review the module named in the evidence when it changes. To stop depending on the class at load time, save `model.state_dict()` (or safetensors) and rebuild the model in code.",
        Severity.Low,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010", "CWE-502"],
        Precision.High,
        example: "`torch.save(model)` of the class `tinynets.SmallCnn`, where `tinynets.py` is a file of the repository.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
