using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD011: model archive contains TorchScript code.</summary>
internal static class TorchScriptCode
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD011",
        "Model archive contains TorchScript code",
        "The PyTorch archive has `code/` members: it is a TorchScript program, and `torch.jit.load` runs its Python-like code. The code is not analysed.",
        "Review the TorchScript code, or distribute the weights only (state dict or safetensors). Waive this finding for the path if the program is trusted.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "AML.T0010"],
        Precision.High,
        example: "A `model.pt` saved with `torch.jit.save` whose ZIP holds `archive/code/__torch__/model.py`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
