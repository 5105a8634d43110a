using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD069: safetensors metadata is huge or contains code.</summary>
internal static class SafeTensorsSuspiciousMetadata
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD069",
        "safetensors metadata is huge or contains code",
        "The `__metadata__` of a safetensors file is larger than 1 MB, or one of its values contains template or script syntax (`{{`, `{%`, `<script`, `__import__`, `eval(`, `os.system`), a shell command (`rm -rf`, `chmod`, `wget`, `curl`, `bash -c`) or a URL, directly or once decoded from base64 or hex. Nothing loads metadata as code, so this is medium, not a block. Metadata is shown in model hubs and read by tooling; code in it is an injection attempt.",
        "Remove the metadata entry and re-export. If it is a legitimate value, waive `MOD069` for the key.",
        Severity.Medium,
        [Threat.InformationManipulation, Threat.UnintendedSystemInteraction],
        ["OWASP-ML06", "OWASP-LLM05", "AML.T0010"],
        Precision.Medium,
        example: "A safetensors `__metadata__` value `{\"description\": \"{{ cycler.__init__.__globals__.os.popen('id') }}\"}`, or 5 MB of metadata.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
