using System.Globalization;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Text;

namespace MLSecOps.Reporting;

/// <summary>Prints findings for people: one line per unsuppressed finding, per-gate counts, then the decision.</summary>
/// <param name="writer">Where to print; the CLI passes stdout or stderr.</param>
/// <param name="plain">Whether to print plain text (CI logs); otherwise severities are coloured with ANSI codes.</param>
public sealed class ConsoleFindingPublisher(TextWriter writer, bool plain = true) : IFindingPublisher
{
    private const string Reset = "\u001b[0m";

    /// <inheritdoc />
    public string Name => "console";

    /// <inheritdoc />
    public bool IsRequired => true;

    /// <inheritdoc />
    public Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        foreach (var finding in report.AllFindings.Where(f => !f.IsSuppressed).MostSevereFirst())
        {
            cancellationToken.ThrowIfCancellationRequested();
            writer.WriteLine(FindingLine(finding));
        }

        foreach (var gate in report.Gates)
        {
            writer.WriteLine(GateLine(gate));
        }

        writer.WriteLine(DecisionLine(report.Decision));
        writer.Flush();
        return Task.CompletedTask;
    }

    private static string Colour(Severity severity) => severity switch
    {
        Severity.Critical => "\u001b[1;31m",
        Severity.High => "\u001b[31m",
        Severity.Medium => "\u001b[33m",
        Severity.Low => "\u001b[36m",
        _ => "\u001b[2m",
    };

    private string FindingLine(EvaluatedFinding evaluated)
    {
        var finding = evaluated.Finding;
        var severity = finding.Severity.ToName().ToUpperInvariant();
        var label = plain ? severity : Colour(finding.Severity) + severity + Reset;
        return $"{label} {finding.Rule.Id} {PlainText.SingleLine(finding.Location.ToString())} {PlainText.SingleLine(finding.Message)}";
    }

    private static string GateLine(GateReport gate)
    {
        var counts = SeverityCounts.Of(gate.Findings);
        var bySeverity = string.Join(", ", SeverityCounts.Descending.Where(s => counts[s] > 0).Select(s => string.Create(CultureInfo.InvariantCulture, $"{counts[s]} {s.ToName()}")));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{PlainText.SingleLine(gate.Gate)}: {counts.Unsuppressed} findings{(bySeverity.Length > 0 ? $" ({bySeverity})" : "")}, {counts.Suppressed} suppressed, {counts.Blocking} blocking; {gate.FilesScanned} files in {gate.Duration.TotalSeconds:0.00} s");
    }

    private string DecisionLine(Decision decision)
    {
        var failOn = decision.FailOn is { } threshold ? $"fail-on {threshold.ToName()}" : "fail-on none";
        var text = string.Create(CultureInfo.InvariantCulture, $"Decision: {decision.Name.ToUpperInvariant()} ({decision.BlockingCount} blocking, {failOn})");
        return plain ? text : (decision.Passed ? "\u001b[32m" : "\u001b[1;31m") + text + Reset;
    }
}
