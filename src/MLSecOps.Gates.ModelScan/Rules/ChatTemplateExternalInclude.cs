using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD072: Chat template loads other templates.</summary>
internal static class ChatTemplateExternalInclude
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD072",
        "Chat template loads other templates",
        "A chat template uses `{% include %}`, `{% import %}`, `{% from %}` or `{% extends %}`. The rendering server then reads template files from its own disk, which can disclose files or pull in code that was never reviewed with the model.",
        "Inline the needed parts in the template. If the include is intended and the loader is confined, waive `MOD072` for this file.",
        Severity.Medium,
        [Threat.UnintendedSystemInteraction, Threat.DataCompromise],
        ["OWASP-LLM05", "AML.T0010", "CWE-1336"],
        Precision.High,
        example: "A chat template containing `{% include '/etc/passwd' %}` or `{% extends 'base.jinja' %}`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
