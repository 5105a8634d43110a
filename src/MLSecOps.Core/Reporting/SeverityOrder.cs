namespace MLSecOps.Core.Reporting;

/// <summary>The one ordering of findings every output uses: blocking first, then severity, path, line and rule.</summary>
public static class SeverityOrder
{
    /// <summary>Sorts findings most severe first, unsuppressed before suppressed.</summary>
    /// <param name="findings">The findings.</param>
    /// <returns>The sorted findings.</returns>
    public static IOrderedEnumerable<EvaluatedFinding> MostSevereFirst(this IEnumerable<EvaluatedFinding> findings) =>
        findings
            .OrderBy(f => f.IsSuppressed)
            .ThenByDescending(f => f.Finding.Severity)
            .ThenBy(f => f.Finding.Location.Path, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Location.StartLine)
            .ThenBy(f => f.Finding.Rule.Id, StringComparer.Ordinal);
}
