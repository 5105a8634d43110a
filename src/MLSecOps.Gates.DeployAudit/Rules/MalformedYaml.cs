using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP001: a YAML file could not be parsed, so what it deploys cannot be audited (fail closed).</summary>
internal static class MalformedYaml
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DEP001",
        "YAML file is malformed",
        "The file is not valid YAML. Whatever it would deploy cannot be audited, and `kubectl apply` may still accept parts of it, so it is reported instead of passing.",
        "Fix the syntax at the reported line (indentation, an unclosed quote or bracket, a tab). Validate with `kubectl apply --dry-run=client -f FILE` or `yamllint`.",
        Severity.High,
        [Threat.Misconfiguration],
        ["CWE-1284"],
        Precision.VeryHigh,
        example: "A manifest with a tab used for indentation, or an unclosed quote: `image: \"vllm/vllm-openai:v0.11.0`.");

    /// <summary>Creates the hit for a syntax error.</summary>
    public static Hit Create(string path, YamlError error) =>
        new(Descriptor, path, error.Span, "yaml", $"line {error.Span.Line}", $"Malformed YAML: {error.Message.TrimEnd('.')}. Documents after this point were not audited.");
}
