namespace MLSecOps.Gates.DeployAudit;

/// <summary>Match timeouts of the gate's regular expressions, in milliseconds.</summary>
/// <remarks>A match timeout is wall-clock time. On a loaded runner a thread waits for a core longer than a short timeout
/// (100 ms made findings flip to DEP004 and the gate to POL001 at random under load), so these only stop pathological
/// backtracking; the per-file and per-gate budgets bound the total time.</remarks>
internal static class PatternTimeouts
{
    /// <summary>Patterns run on one value, name or line.</summary>
    public const int PerValue = 2_000;

    /// <summary>Patterns run over a whole file's text.</summary>
    public const int WholeFile = 10_000;
}
