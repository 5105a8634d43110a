namespace MLSecOps.Core.Policy;

/// <summary>An accepted risk: findings of a rule under some paths do not block until the waiver expires.</summary>
/// <param name="Rule">The rule id.</param>
/// <param name="Paths">Globs relative to the scanned folder; empty means everywhere.</param>
/// <param name="Reason">Why the risk is accepted.</param>
/// <param name="Expires">The last day the waiver applies.</param>
/// <param name="ApprovedBy">Who approved it, if recorded.</param>
/// <param name="Line">The waiver's line in the policy file, for findings about the waiver itself.</param>
public sealed record Waiver(string Rule, IReadOnlyList<string> Paths, string Reason, DateOnly Expires, string? ApprovedBy, int Line)
{
    /// <summary>Returns whether the waiver still applies on <paramref name="today"/>.</summary>
    /// <param name="today">The current date.</param>
    /// <returns>Whether it is active.</returns>
    public bool IsActiveOn(DateOnly today) => today <= Expires;
}
