using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Reporting;

/// <summary>A finding after the policy: its effective severity, suppression (inline, waiver or baseline) and whether it blocks.</summary>
/// <param name="Finding">The finding, with the effective severity.</param>
/// <param name="Suppression">Why it does not block, if it is suppressed.</param>
/// <param name="Blocking">Whether it makes the decision fail.</param>
public sealed record EvaluatedFinding(Finding Finding, Suppression? Suppression, bool Blocking)
{
    /// <summary>Gets whether the finding is suppressed.</summary>
    public bool IsSuppressed => Suppression is not null;
}
