using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;

namespace MLSecOps.GitHub.Workflow;

/// <summary>Writes the most severe unsuppressed findings as workflow annotations, within GitHub's per-step caps.</summary>
/// <remarks>
/// GitHub keeps 10 errors, 10 warnings and 10 notices per step and drops the rest silently, so this
/// publisher chooses what is kept (most severe first) and ends with one notice that counts the rest.
/// </remarks>
internal sealed class GitHubAnnotationPublisher : IFindingPublisher
{
    /// <summary>How many annotations of each type GitHub keeps per step.</summary>
    internal const int PerTypeLimit = 10;

    private readonly TextWriter _stdout;
    private readonly string _moreResultsHint;
    private readonly int _reservedPerType;

    /// <summary>Initializes a new instance of the <see cref="GitHubAnnotationPublisher"/> class.</summary>
    /// <param name="stdout">The step's standard output.</param>
    /// <param name="moreResultsHint">Where the complete list is, such as <c>the job summary and code scanning</c>.</param>
    /// <param name="reservedPerType">Slots of each type left free for the publishers that run later (one notice or warning each).</param>
    public GitHubAnnotationPublisher(TextWriter stdout, string moreResultsHint, int reservedPerType = 0)
    {
        _stdout = stdout;
        _moreResultsHint = moreResultsHint;
        _reservedPerType = Math.Clamp(reservedPerType, 0, PerTypeLimit - 1);
    }

    /// <inheritdoc />
    public string Name => "github-annotations";

    /// <inheritdoc />
    public bool IsRequired => true;

    /// <inheritdoc />
    public async Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var plan = AnnotationPlan.For(report.AllFindings.Where(f => !f.IsSuppressed).MostSevereFirst(), PerTypeLimit - _reservedPerType);
        foreach (var finding in plan.Shown)
        {
            await _stdout.WriteLineAsync(ToCommand(finding.Finding).ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        if (plan.Hidden > 0)
        {
            var notice = WorkflowCommand.Notice(
                $"{plan.Hidden} more finding(s) are not shown as annotations (GitHub shows {PerTypeLimit} of each type per step): see {_moreResultsHint}.",
                new AnnotationProperties(Title: "MLSecOps: more findings"));
            await _stdout.WriteLineAsync(notice.ToString().AsMemory(), cancellationToken).ConfigureAwait(false);
        }

        await _stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Maps a severity to the annotation type: critical/high → error, medium → warning, the rest → notice.</summary>
    /// <param name="severity">The severity.</param>
    /// <returns>The command name.</returns>
    internal static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "notice",
    };

    private static WorkflowCommand ToCommand(Finding finding)
    {
        var location = finding.Location;
        var properties = new AnnotationProperties(
            location.Path,
            location.StartLine,
            location.EndLine,
            location.StartColumn,
            location.EndColumn,
            $"{finding.Rule.Id}: {finding.Rule.Title}");
        var message = location.LogicalPath is { Length: > 0 } inner ? $"{finding.Message} (in {inner})" : finding.Message;
        return Level(finding.Severity) switch
        {
            "error" => WorkflowCommand.Error(message, properties),
            "warning" => WorkflowCommand.Warning(message, properties),
            _ => WorkflowCommand.Notice(message, properties),
        };
    }

    /// <summary>Which findings get an annotation and how many do not.</summary>
    /// <param name="Shown">The findings to annotate, in order.</param>
    /// <param name="Hidden">How many unsuppressed findings get no annotation.</param>
    internal sealed record AnnotationPlan(IReadOnlyList<EvaluatedFinding> Shown, int Hidden)
    {
        /// <summary>Plans the annotations for findings already sorted most severe first.</summary>
        /// <param name="sorted">The unsuppressed findings, most severe first.</param>
        /// <param name="perType">How many annotations of each type may be written.</param>
        /// <returns>The plan; one notice slot is kept for the "more" notice when anything is hidden.</returns>
        public static AnnotationPlan For(IEnumerable<EvaluatedFinding> sorted, int perType)
        {
            var all = sorted.ToList();
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            var shown = new List<EvaluatedFinding>();
            foreach (var finding in all)
            {
                var level = Level(finding.Finding.Severity);
                var count = counts.GetValueOrDefault(level);
                if (count < perType)
                {
                    counts[level] = count + 1;
                    shown.Add(finding);
                }
            }

            if (shown.Count < all.Count && counts.GetValueOrDefault("notice") == perType)
            {
                // The "more" notice needs a notice slot of its own: give up the least severe notice.
                shown.RemoveAt(shown.FindLastIndex(f => Level(f.Finding.Severity) == "notice"));
            }

            return new AnnotationPlan(shown, all.Count - shown.Count);
        }
    }
}
