using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Rules;

/// <summary>MOD071: Chat template escapes the Jinja sandbox.</summary>
internal static class ChatTemplateInjection
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "MOD071",
        "Chat template escapes the Jinja sandbox",
        "A chat template (GGUF `tokenizer.chat_template*`, `tokenizer_config.json`, `chat_template.json` or a `.jinja` file) uses Python object traversal (`__class__`, `__subclasses__`, `__globals__`, `__builtins__`), the `attr` filter, escaped underscores, or Jinja globals used as gadgets (`cycler`, `joiner`, `lipsum`). Servers that render it without a sandbox run arbitrary code (CVE-2024-34359, CVE-2026-5760). The template is never rendered by the scanner.",
        "Replace the template with the one published by the model's authors (Llama 3, ChatML and Mistral templates need none of these constructs) and render templates in an `ImmutableSandboxedEnvironment`.",
        Severity.Critical,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["OWASP-LLM03", "OWASP-LLM05", "AML.T0010", "CWE-1336"],
        Precision.High,
        example: "A `tokenizer_config.json` whose `chat_template` contains `{{ self.__init__.__globals__.__builtins__.__import__('os').popen('id').read() }}`.");

    /// <summary>Creates the finding at <paramref name="logicalPath"/> of <paramref name="path"/>.</summary>
    public static Finding Create(string path, string? logicalPath, string message, string? evidence = null, int line = 1) =>
        Finding.Create(Descriptor, new Location(path, line, LogicalPath: FindingText.Cap(logicalPath)), FindingText.Cap(message, FindingText.MaxMessageLength)!, $"{logicalPath}:{evidence}", FindingText.Cap(evidence));
}
