using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT053: Label rate of a sensitive group shifted against the approved profile.</summary>
internal static class GroupLabelRateShift
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT053",
        "Label rate of a sensitive group shifted against the approved profile",
        "Within a group of a sensitive column (`sensitive-columns`, or detected gender, age, race...) the share of some label moved by more than `max-group-shift-percent` points since the approved profile: the data-side signal of a model bias attack.",
        "Review the group's records that changed and where they came from; when intended, write and commit a new profile.",
        Severity.High,
        [Threat.ModelBiasAttack, Threat.DataPoisoning],
        ["OWASP-ML02", "OWASP-LLM04", "AML.T0020"],
        Precision.Medium,
        example: "Within `gender=female` the share of label `approved` drops from 48 % in the approved profile to 21 %.");
}
