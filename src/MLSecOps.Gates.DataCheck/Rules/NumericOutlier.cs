using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT043: Numeric value far outside its column's robust range.</summary>
internal static class NumericOutlier
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT043",
        "Numeric value far outside its column's robust range",
        "In a labelled data set, a numeric feature holds a value more than 10 robust standard deviations (median and median absolute deviation) from the column's median: a planted extreme point, a unit error or a sentinel value that skews training.",
        "Look at the row; fix or drop the value, or waive the column when such values are real.",
        Severity.Info,
        [Threat.DataPoisoning],
        ["OWASP-ML02", "AML.T0020"],
        Precision.Low,
        example: "A labelled CSV whose `age` column is 18–90 except one row with `age` = `99999`.");
}
