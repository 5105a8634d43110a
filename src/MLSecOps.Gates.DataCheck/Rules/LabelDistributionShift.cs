using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT052: Label distribution shifted against the approved profile.</summary>
internal static class LabelDistributionShift
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT052",
        "Label distribution shifted against the approved profile",
        "The share of some label moved by more than `max-label-shift-percent` points since the approved profile: label flipping or a skewed merge.",
        "Compare the label counts with the approved profile and review the records that changed; when intended, write and commit a new profile.",
        Severity.Medium,
        [Threat.DataPoisoning, Threat.ModelBiasAttack],
        ["OWASP-ML02", "OWASP-LLM04", "AML.T0020"],
        Precision.Medium,
        example: "The `spam` label's share moves from 12 % in the approved profile to 31 %.");
}
