using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy.Rules;

/// <summary>POL002: a waiver is past its expiry date, so it no longer waives anything.</summary>
public static class ExpiredWaiver
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "POL002",
        "Waiver has expired",
        "A waiver in the policy file is past its `expires` date. Accepted risks are reviewed on a schedule: an expired waiver stops waiving, and the findings it covered count again.",
        "Fix the waived findings, or review the risk again and set a new `expires` date with a current `reason` and `approved-by`.",
        Severity.Medium,
        [Threat.Misconfiguration],
        ["NIST-AI-RMF-GOVERN-1.5"],
        Precision.VeryHigh,
        example: "A waiver in `.mlsecops.yml` with `expires: 2024-01-31` when the scan runs in 2026.");

    /// <summary>Creates the finding for an expired waiver.</summary>
    /// <param name="waiver">The waiver.</param>
    /// <param name="policyPath">The repository-relative policy file path.</param>
    /// <returns>The finding.</returns>
    public static Finding Create(Waiver waiver, string policyPath)
    {
        ArgumentNullException.ThrowIfNull(waiver);
        return Finding.Create(
            Descriptor,
            new Location(policyPath, waiver.Line),
            $"The waiver of {waiver.Rule} expired on {waiver.Expires:yyyy-MM-dd}; its findings block again.",
            $"expired:{waiver.Rule}:{string.Join(',', waiver.Paths)}");
    }
}
