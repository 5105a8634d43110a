using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD101: TorchServe handler code runs commands or dynamic code.</summary>
internal static class TorchServeHandlerRunsCommands
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD101",
        "TorchServe handler code runs commands or dynamic code",
        "A Python file inside a TorchServe model archive calls something that runs commands or builds code at run time (`os.system`, `subprocess.*`, `pty.spawn`, `eval`, `exec`, `__import__`, `ctypes`, `pickle.loads`...). The code is read with a Python tokenizer, so comments and strings do not count, and imported aliases (`import subprocess as sp`) are followed. TorchServe runs it when it loads the model.",
        "Do not serve the archive. Rebuild it with `torch-model-archiver` from reviewed handler code that does not start processes or evaluate strings.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "OWASP-LLM03", "AML.T0010", "CWE-94", "CWE-78"],
        Precision.High,
        example: "A `handler.py` inside a `.mar` that does `import subprocess as sp` and then `return sp.run([\"id\"])`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
