using System.Globalization;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Compliance;
using MLSecOps.Reporting.Text;

namespace MLSecOps.Reporting.Markdown;

/// <summary>Writes the Markdown summary (step summary, Azure summary tab, PR comment) within a byte budget.</summary>
public static class MarkdownSummaryWriter
{
    // Room for the closing lines and the truncation note, which are written even when the tables are cut.
    private const int Reserve = 4096;

    private const string FindingHeader = "| Severity | Rule | Location | Message |";
    private const string FindingRule = "|---|---|---|---|";

    /// <summary>Writes the summary of the whole scan.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">The destination; left open.</param>
    /// <param name="options">Limits; <see cref="MarkdownSummaryOptions.Default"/> when <see langword="null"/>.</param>
    public static void Write(ScanReport report, TextWriter writer, MarkdownSummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var title = $"MLSecOps Gates: {report.Decision.Name.ToUpperInvariant()}";
        writer.Write(Render(report, report.Gates, title, report.Decision.BlockingCount, options ?? MarkdownSummaryOptions.Default, whole: true));
        writer.Flush();
    }

    /// <summary>Writes the summary of the whole scan with a byte limit.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">The destination; left open.</param>
    /// <param name="maxBytes">The most UTF-8 bytes to write.</param>
    public static void Write(ScanReport report, TextWriter writer, int maxBytes) =>
        Write(report, writer, MarkdownSummaryOptions.Default with { MaxBytes = maxBytes });

    /// <summary>Writes the summary of one gate, for a check run or a PR comment of that gate.</summary>
    /// <param name="report">The report.</param>
    /// <param name="gate">The gate name, such as <c>model-scan</c>.</param>
    /// <param name="writer">The destination; left open.</param>
    /// <param name="options">Limits; <see cref="MarkdownSummaryOptions.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentException">The report has no such gate.</exception>
    public static void WriteGate(ScanReport report, string gate, TextWriter writer, MarkdownSummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        var gateReport = report.Gates.FirstOrDefault(g => string.Equals(g.Gate, gate, StringComparison.Ordinal))
            ?? throw new ArgumentException($"The report has no gate '{gate}'.", nameof(gate));
        var blocking = gateReport.Findings.Count(f => f.Blocking);
        var title = $"MLSecOps Gates {gateReport.Gate}: {(blocking == 0 ? "PASS" : "FAIL")}";
        writer.Write(Render(report, [gateReport], title, blocking, options ?? MarkdownSummaryOptions.Default));
        writer.Flush();
    }

    /// <summary>Returns the summary of the whole scan as a string.</summary>
    /// <param name="report">The report.</param>
    /// <param name="options">Limits; <see cref="MarkdownSummaryOptions.Default"/> when <see langword="null"/>.</param>
    /// <returns>The Markdown.</returns>
    public static string ToMarkdown(ScanReport report, MarkdownSummaryOptions? options = null)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(report, writer, options);
        return writer.ToString();
    }

    private static string Render(ScanReport report, IReadOnlyList<GateReport> gates, string title, int blocking, MarkdownSummaryOptions options, bool whole = false)
    {
        var buffer = new SummaryBuffer(options.MaxBytes, Math.Min(Reserve, options.MaxBytes / 2));
        var heading = new string('#', Math.Clamp(options.HeadingLevel, 1, 5));
        var findings = gates.SelectMany(g => g.Findings).MostSevereFirst().ToList();
        var unsuppressed = findings.Where(f => !f.IsSuppressed).ToList();
        var suppressed = findings.Where(f => f.IsSuppressed).ToList();

        buffer.TryLine($"{heading} {title}");
        buffer.TryLine("");
        buffer.TryLine(Headline(report, blocking, unsuppressed.Count, suppressed.Count));
        buffer.TryLine("");
        WriteCounts(buffer, gates, heading);
        if (whole && options.Compliance)
        {
            foreach (var line in ComplianceMarkdown.Summary(ComplianceEvaluator.Evaluate(report), heading + "#"))
            {
                buffer.TryLine(line);
            }
        }

        if (findings.Count == 0)
        {
            buffer.TryLine("No findings.");
            return buffer.ToString();
        }

        var listed = 0;
        var top = unsuppressed.Take(Math.Max(0, options.TopFindings)).ToList();
        var rest = unsuppressed.Skip(top.Count).ToList();
        if (top.Count > 0)
        {
            buffer.TryLine($"{heading}# Top findings");
            buffer.TryLine("");
            listed += WriteTable(buffer, top, FindingHeader, FindingRule, FindingRow);
            buffer.TryLine("");
        }

        if (suppressed.Count > 0)
        {
            buffer.TryLine($"{heading}# Suppressed findings (waivers, baselines, inline ignores)");
            buffer.TryLine("");
            listed += WriteTable(buffer, suppressed, "| Rule | Location | Source | Justification |", "|---|---|---|---|", SuppressedRow);
            buffer.TryLine("");
        }

        if (rest.Count > 0 && buffer.TryLine("<details>"))
        {
            buffer.TryLine(string.Create(CultureInfo.InvariantCulture, $"<summary>{rest.Count} more findings</summary>"));
            buffer.TryLine("");
            listed += WriteTable(buffer, rest, FindingHeader, FindingRule, FindingRow);
            buffer.CloseLine("");
            buffer.CloseLine("</details>");
            buffer.CloseLine("");
        }

        if (listed < findings.Count)
        {
            buffer.CloseLine(TruncationNote(findings.Count - listed, findings.Count, options));
        }

        return buffer.ToString();
    }

    private static string Headline(ScanReport report, int blocking, int unsuppressed, int suppressed)
    {
        var failOn = report.Decision.FailOn is { } threshold ? $"fail-on `{threshold.ToName()}`" : "fail-on `none`: nothing blocks";
        var verdict = blocking == 0
            ? "no blocking findings"
            : string.Create(CultureInfo.InvariantCulture, $"{blocking} blocking {Plural(blocking, "finding")}");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"**Decision: {report.Decision.Name}** ({failOn}): {verdict}; {unsuppressed} {Plural(unsuppressed, "finding")}, {suppressed} suppressed. MLSecOps Gates {MarkdownText.Cell(report.ToolVersion, 40)}.");
    }

    private static void WriteCounts(SummaryBuffer buffer, IReadOnlyList<GateReport> gates, string heading)
    {
        buffer.TryLine($"{heading}# Findings by gate");
        buffer.TryLine("");
        buffer.TryLine("| Gate | Stage | Files | Critical | High | Medium | Low | Info | Suppressed | Blocking |");
        buffer.TryLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var gate in gates)
        {
            buffer.TryLine(CountRow(MarkdownText.Cell(gate.Gate), MarkdownText.Cell(gate.Stage), gate.FilesScanned, SeverityCounts.Of(gate.Findings)));
        }

        if (gates.Count > 1)
        {
            buffer.TryLine(CountRow("**Total**", "", gates.Sum(g => g.FilesScanned), SeverityCounts.Of(gates.SelectMany(g => g.Findings))));
        }

        buffer.TryLine("");
    }

    private static string CountRow(string gate, string stage, int files, SeverityCounts counts) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"| {gate} | {stage} | {files} | {counts[Severity.Critical]} | {counts[Severity.High]} | {counts[Severity.Medium]} | {counts[Severity.Low]} | {counts[Severity.Info]} | {counts.Suppressed} | {counts.Blocking} |");

    private static int WriteTable(SummaryBuffer buffer, IReadOnlyList<EvaluatedFinding> findings, string header, string rule, Func<EvaluatedFinding, string> row)
    {
        if (!buffer.TryLine(header) || !buffer.TryLine(rule))
        {
            return 0;
        }

        var written = 0;
        foreach (var finding in findings)
        {
            if (!buffer.TryLine(row(finding)))
            {
                break;
            }

            written++;
        }

        return written;
    }

    private static string FindingRow(EvaluatedFinding evaluated)
    {
        var finding = evaluated.Finding;
        var severity = finding.Severity.ToName() + (evaluated.Blocking ? " (blocking)" : "");
        return $"| {severity} | {RuleLink(finding.Rule)} | {LocationCell(finding.Location)} | {MarkdownText.Cell(finding.Message)} |";
    }

    private static string SuppressedRow(EvaluatedFinding evaluated)
    {
        var finding = evaluated.Finding;
        var suppression = evaluated.Suppression!;
        return $"| {RuleLink(finding.Rule)} | {LocationCell(finding.Location)} | {MarkdownText.Cell(suppression.Source, 40)} | {MarkdownText.Cell(suppression.Justification)} |";
    }

    private static string RuleLink(RuleDescriptor rule) => $"[{rule.Id}]({rule.HelpUri.AbsoluteUri})";

    private static string LocationCell(Location location) =>
        MarkdownText.Cell(string.Create(CultureInfo.InvariantCulture, $"{location.Path}:{location.StartLine}"), 200);

    private static string TruncationNote(int leftOut, int total, MarkdownSummaryOptions options)
    {
        var files = new[] { (options.SarifPath, "the SARIF file"), (options.JsonPath, "the JSON report") }
            .Where(f => !string.IsNullOrEmpty(f.Item1))
            .Select(f => $"{f.Item2} {MarkdownText.Cell(Path.GetFileName(f.Item1), 100)}")
            .ToList();
        var where = files.Count > 0 ? string.Join(" and ", files) : "the SARIF (`--sarif`) or JSON (`--json`) output";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"> **Truncated:** {leftOut} of {total} findings are not listed here, to keep this summary under {options.MaxBytes} bytes. All findings are in {where}.");
    }

    private static string Plural(int count, string noun) => count == 1 ? noun : noun + "s";
}
