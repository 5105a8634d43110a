using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT051: Data set row count jumped against the approved profile.</summary>
internal static class RowCountJump
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT051",
        "Data set row count jumped against the approved profile",
        "The number of records changed by more than `max-row-change-percent` since the approved profile: bulk injection or silent loss of data.",
        "Find where the records came from or went; when intended, run `mlsecops data-check --write-profile` and commit the new profile.",
        Severity.Low,
        [Threat.DataPoisoning],
        ["OWASP-ML02", "AML.T0020"],
        Precision.Medium,
        example: "`data/train.csv` grows from 10,000 rows in the approved profile to 25,000 rows.");
}
