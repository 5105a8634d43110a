using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT040: Identical inputs with conflicting labels.</summary>
internal static class ConflictingLabels
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT040",
        "Identical inputs with conflicting labels",
        "Rows whose inputs are the same after normalisation (case, whitespace and punctuation) carry different labels: the mark of label flipping or careless merging.",
        "Look at the rows, keep the correct label, and find how the conflicting copy got in.",
        Severity.Medium,
        [Threat.DataPoisoning, Threat.ModelBiasAttack],
        ["OWASP-ML02", "OWASP-LLM04", "AML.T0020"],
        Precision.High,
        example: "Two rows `\"Great product!\",positive` and `\"great product\",negative`: the same input after normalisation with different labels.");
}
