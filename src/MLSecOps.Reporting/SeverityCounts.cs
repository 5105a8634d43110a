using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;

namespace MLSecOps.Reporting;

/// <summary>Counts of unsuppressed findings per severity, plus suppressed and blocking totals.</summary>
internal sealed class SeverityCounts
{
    private readonly int[] bySeverity = new int[5];

    private SeverityCounts()
    {
    }

    /// <summary>Gets the severities most severe first, the order every output lists them in.</summary>
    public static IReadOnlyList<Severity> Descending { get; } = [Severity.Critical, Severity.High, Severity.Medium, Severity.Low, Severity.Info];

    /// <summary>Gets how many findings are suppressed.</summary>
    public int Suppressed { get; private set; }

    /// <summary>Gets how many findings block.</summary>
    public int Blocking { get; private set; }

    /// <summary>Gets how many findings are not suppressed.</summary>
    public int Unsuppressed => bySeverity.Sum();

    /// <summary>Gets the number of unsuppressed findings of <paramref name="severity"/>.</summary>
    public int this[Severity severity] => bySeverity[(int)severity];

    /// <summary>Counts <paramref name="findings"/>.</summary>
    public static SeverityCounts Of(IEnumerable<EvaluatedFinding> findings)
    {
        var counts = new SeverityCounts();
        foreach (var finding in findings)
        {
            if (finding.IsSuppressed)
            {
                counts.Suppressed++;
                continue;
            }

            counts.bySeverity[(int)finding.Finding.Severity]++;
            counts.Blocking += finding.Blocking ? 1 : 0;
        }

        return counts;
    }
}
