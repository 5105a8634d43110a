using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy.Rules;

/// <summary>POL003: a waiver matched no finding, so it is stale and may hide a future problem.</summary>
public static class UnusedWaiver
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "POL003",
        "Waiver matches nothing",
        "A waiver matched no finding in this scan. A stale waiver silently accepts whatever new problem appears at its paths later.",
        "Remove the waiver if the problem is fixed, or correct its `rule` and `paths`.",
        Severity.Info,
        [Threat.Misconfiguration],
        [],
        Precision.High,
        example: "A waiver `{ rule: DAT003, paths: [\"data/old/**\"] }` after `data/old/` was deleted: no finding matches it.");

    /// <summary>Creates the finding for an unused waiver.</summary>
    /// <param name="waiver">The waiver.</param>
    /// <param name="policyPath">The repository-relative policy file path.</param>
    /// <returns>The finding.</returns>
    public static Finding Create(Waiver waiver, string policyPath)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        return Finding.Create(
            Descriptor,
            new Location(policyPath, waiver.Line),
            $"The waiver of {waiver.Rule} matched no finding; remove it or correct its paths.",
            $"unused:{waiver.Rule}:{string.Join(',', waiver.Paths)}");
    }
}
