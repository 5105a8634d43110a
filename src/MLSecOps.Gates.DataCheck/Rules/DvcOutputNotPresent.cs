using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT061: DVC-tracked data not present.</summary>
internal static class DvcOutputNotPresent
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT061",
        "DVC-tracked data not present",
        "A DVC pointer names data that is not in the checkout (not pulled), so its hash could not be checked.",
        "Run `dvc pull` before the gate to verify the data, or accept that only the pointers are checked.",
        Severity.Info,
        [Threat.InformationManipulation],
        ["AML.T0020"],
        Precision.High,
        example: "`data/images.dvc` points at `data/images/`, which is absent because `dvc pull` was not run.");
}
