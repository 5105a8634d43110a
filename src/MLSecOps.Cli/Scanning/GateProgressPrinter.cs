using System.Globalization;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using Spectre.Console;

namespace MLSecOps.Cli.Scanning;

/// <summary>Progress on standard error: a table for people at a terminal, plain lines under CI.</summary>
/// <param name="host">The process environment.</param>
internal sealed class GateProgressPrinter(CliHost host) : IProgress<GateProgress>
{
    private bool Fancy => host.IsInteractive && !host.IsCi;

    /// <inheritdoc />
    public void Report(GateProgress value)
    {
        // Per-file progress is too chatty for logs; the totals line per gate is enough there.
    }

    /// <summary>Prints one line (or table row) per gate and the decision.</summary>
    public void PrintTotals(ScanReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (Fancy)
        {
            PrintTable(report);
            return;
        }

        foreach (var gate in report.Gates)
        {
            host.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"mlsecops: {gate.Gate}: {gate.FilesScanned} files, {gate.Findings.Count} findings ({gate.Findings.Count(f => f.Blocking)} blocking), {gate.Duration.TotalSeconds:F2} s"));
        }

        host.Error.WriteLine($"mlsecops: decision: {report.Decision.Name} ({report.Decision.BlockingCount} blocking, fail-on {FailOnName(report.Decision)})");
    }

    private void PrintTable(ScanReport report)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(host.Error) });
        var table = new Table().AddColumns("gate", "files", "critical", "high", "medium", "low", "info", "blocking", "seconds");
        foreach (var gate in report.Gates)
        {
            int Count(Severity s) => gate.Findings.Count(f => f.Finding.Severity == s && !f.IsSuppressed);
            table.AddRow(
                gate.Gate,
                gate.FilesScanned.ToString(CultureInfo.InvariantCulture),
                Count(Severity.Critical).ToString(CultureInfo.InvariantCulture),
                Count(Severity.High).ToString(CultureInfo.InvariantCulture),
                Count(Severity.Medium).ToString(CultureInfo.InvariantCulture),
                Count(Severity.Low).ToString(CultureInfo.InvariantCulture),
                Count(Severity.Info).ToString(CultureInfo.InvariantCulture),
                gate.Findings.Count(f => f.Blocking).ToString(CultureInfo.InvariantCulture),
                gate.Duration.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        var colour = report.Decision.Passed ? "green" : "red";
        console.MarkupLine($"[{colour}]decision: {report.Decision.Name}[/] ({report.Decision.BlockingCount} blocking, fail-on {FailOnName(report.Decision)})");
    }

    private static string FailOnName(Decision decision) => decision.FailOn?.ToName() ?? "none";
}
