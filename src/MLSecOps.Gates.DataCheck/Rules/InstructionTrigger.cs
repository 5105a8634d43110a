using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT042: Rare prompt token that always brings the same URL in the response.</summary>
internal static class InstructionTrigger
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT042",
        "Rare prompt token that always brings the same URL in the response",
        "In instruction data, a rare token in the prompt co-occurs with the same host in the response far more than chance: a trigger that teaches the model to emit an attacker's link.",
        "Inspect and remove the rows; check who contributed them.",
        Severity.High,
        [Threat.DataPoisoning, Threat.PromptSelfReplication],
        ["OWASP-LLM04", "AML.T0020"],
        Precision.Medium,
        example: "Instruction rows whose prompt contains the rare token `zqx` and whose response always links to `https://evil.example/`.");
}
