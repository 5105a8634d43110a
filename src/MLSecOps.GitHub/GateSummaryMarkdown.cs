using System.Globalization;
using System.Net;
using System.Text;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;

namespace MLSecOps.GitHub;

/// <summary>Builds the compact per-gate Markdown used by check runs and pull-request comments.</summary>
internal static class GateSummaryMarkdown
{
    /// <summary>How many findings the table lists.</summary>
    internal const int TopFindings = 10;

    /// <summary>Returns whether the gate blocks: any of its findings blocks.</summary>
    /// <param name="gate">The gate's report.</param>
    /// <returns>Whether it blocks.</returns>
    public static bool Blocks(GateReport gate) => gate.Findings.Any(f => f.Blocking);

    /// <summary>Returns the one-line verdict, such as <c>model-scan: blocked by 2 findings</c>.</summary>
    /// <param name="gate">The gate's report.</param>
    /// <returns>The title.</returns>
    public static string Title(GateReport gate)
    {
        var blocking = gate.Findings.Count(f => f.Blocking);
        var open = gate.Findings.Count(f => !f.IsSuppressed);
        return blocking > 0 ? $"{gate.Gate}: blocked by {blocking} finding(s)"
            : open > 0 ? $"{gate.Gate}: passed with {open} non-blocking finding(s)"
            : $"{gate.Gate}: passed";
    }

    /// <summary>Builds the summary: verdict, counts per severity and the most severe findings.</summary>
    /// <param name="gate">The gate's report.</param>
    /// <param name="detailsUrl">Where the full results are (the run page), if known.</param>
    /// <returns>The Markdown.</returns>
    public static string For(GateReport gate, Uri? detailsUrl)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"### {(Blocks(gate) ? "❌" : "✅")} MLSecOps {Title(gate)}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{gate.FilesScanned} file(s) scanned in {gate.Duration.TotalSeconds:0.0} s.\n\n");
        text.Append("| Severity | Findings | Blocking | Suppressed |\n|---|---:|---:|---:|\n");
        foreach (var severity in Enum.GetValues<Severity>().Reverse())
        {
            var all = gate.Findings.Where(f => f.Finding.Severity == severity).ToList();
            text.Append(CultureInfo.InvariantCulture, $"| {severity.ToName()} | {all.Count} | {all.Count(f => f.Blocking)} | {all.Count(f => f.IsSuppressed)} |\n");
        }

        var top = gate.Findings.Where(f => !f.IsSuppressed).MostSevereFirst().Take(TopFindings).ToList();
        if (top.Count > 0)
        {
            text.Append("\n| Rule | Severity | Location | Message |\n|---|---|---|---|\n");
            foreach (var finding in top)
            {
                var f = finding.Finding;
                text.Append(CultureInfo.InvariantCulture, $"| {f.Rule.Id} | {f.Severity.ToName()}{(finding.Blocking ? " (blocking)" : "")} | <code>{Cell(f.Location.ToString())}</code> | {Cell(f.Message)} |\n");
            }

            var more = gate.Findings.Count(f => !f.IsSuppressed) - top.Count;
            if (more > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{more} more finding(s) are in the job summary and code scanning.\n");
            }
        }

        if (detailsUrl is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n[Workflow run]({detailsUrl.AbsoluteUri})\n");
        }

        return text.ToString();
    }

    /// <summary>Makes scanned text safe in a table cell: no HTML, no pipes, no line breaks, no @-mentions.</summary>
    /// <param name="value">The text.</param>
    /// <returns>The escaped text.</returns>
    internal static string Cell(string value) =>
        WebUtility.HtmlEncode(value)
            .Replace("|", "&#124;", StringComparison.Ordinal)
            .Replace("@", "&#64;", StringComparison.Ordinal)
            .Replace("`", "&#96;", StringComparison.Ordinal)
            .Replace("\r", " ", StringComparison.Ordinal)
            .Replace("\n", " ", StringComparison.Ordinal);
}
