using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT050: Data set schema differs from the approved profile.</summary>
internal static class SchemaChanged
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT050",
        "Data set schema differs from the approved profile",
        "Columns were added, removed or changed type since the approved profile was written (`--write-profile`): the pipeline that reads the data may now read something else than was reviewed.",
        "Review the change; when it is intended, run `mlsecops data-check --write-profile` and commit the new profile.",
        Severity.Medium,
        [Threat.DataPoisoning, Threat.DataCompromise],
        ["OWASP-ML02", "AML.T0020"],
        Precision.High,
        example: "`data/train.csv` gains a `referrer` column (or `price` turns from number to text) since `.mlsecops/data-profile.json` was written.");
}
