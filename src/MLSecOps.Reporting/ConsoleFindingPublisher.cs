using System.Globalization;
using System.Text;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Text;

namespace MLSecOps.Reporting;

/// <summary>Prints findings for people: grouped by file (and resource), most severe first, each rule's fix and help link
/// once per file, then totals by severity and gate, the files with most findings, and the decision.</summary>
/// <param name="writer">Where to print; the CLI passes stdout.</param>
/// <param name="plain">Whether to print plain text (CI logs, files); otherwise severities are coloured with ANSI codes.</param>
/// <param name="verbose">Whether to add each rule's description and repeat the fix on every finding.</param>
public sealed class ConsoleFindingPublisher(TextWriter writer, bool plain = true, bool verbose = false) : IFindingPublisher
{
    private const string Reset = "\u001b[0m";
    private const int TopFiles = 3;
    private const string Continuation = "      ";

    /// <summary>How many files are formatted side by side before their text is written, which bounds the text held at once.</summary>
    private const int FilesPerWindow = 256;

    /// <summary>The upper-case name of each severity, by value.</summary>
    private static readonly string[] s_severityLabels = [.. Enum.GetValues<Severity>().Select(s => s.ToName().ToUpperInvariant())];

    /// <inheritdoc />
    public string Name => "console";

    /// <inheritdoc />
    public bool IsRequired => true;

    /// <inheritdoc />
    public Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var shown = report.AllFindings.Where(f => !f.IsSuppressed).ToList();
        var files = ByFile(shown).ToList();

        // Each rule's fix line is worked out once (it was once per file and rule: 3 % of a 10k-file run), before the files
        // are formatted on every core; a window of files is formatted at once, then written in order.
        var fixLines = new Dictionary<RuleDescriptor, string>(ReferenceEqualityComparer.Instance);
        foreach (var finding in shown)
        {
            if (!fixLines.ContainsKey(finding.Finding.Rule))
            {
                fixLines[finding.Finding.Rule] = FixLine(finding.Finding.Rule);
            }
        }

        var blocks = new StringBuilder[Math.Min(FilesPerWindow, files.Count)];
        for (var i = 0; i < blocks.Length; i++)
        {
            blocks[i] = new StringBuilder();
        }

        var options = new ParallelOptions { CancellationToken = cancellationToken };

        // Lines are gathered into chunks: stdout flushes on every write, and a write call per line was a system call per line.
        using var output = new ChunkedWriter(writer);
        for (var start = 0; start < files.Count; start += blocks.Length)
        {
            var count = Math.Min(blocks.Length, files.Count - start);
            Parallel.For(0, count, options, i => WriteFile(blocks[i].Clear(), files[start + i], fixLines));
            for (var i = 0; i < count; i++)
            {
                if (start + i > 0)
                {
                    output.WriteLine();
                }

                output.Write(blocks[i]);
            }
        }

        WriteTotals(output, report, shown, files);
        output.WriteLine(DecisionLine(report.Decision));
        output.Flush();
        return Task.CompletedTask;
    }

    /// <summary>Files most severe first: by their worst finding, then how many findings, then path.</summary>
    private static IEnumerable<IGrouping<string, EvaluatedFinding>> ByFile(IEnumerable<EvaluatedFinding> findings) =>
        findings.GroupBy(f => f.Finding.Location.Path, StringComparer.Ordinal)
            .OrderByDescending(g => g.Max(f => f.Finding.Severity))
            .ThenByDescending(g => g.Count())
            .ThenBy(g => g.Key, StringComparer.Ordinal);

    private void WriteFile(StringBuilder block, IGrouping<string, EvaluatedFinding> file, IReadOnlyDictionary<RuleDescriptor, string> fixLines)
    {
        using var output = new StringWriter(block, CultureInfo.InvariantCulture) { NewLine = writer.NewLine };
        output.WriteLine($"{PlainText.SingleLine(file.Key)} ({Count(file.Count(), "finding")}: {BySeverity(file)})");
        var resources = file.GroupBy(f => Resource(f.Finding.Location), StringComparer.Ordinal)
            .OrderByDescending(g => g.Max(f => f.Finding.Severity))
            .ThenBy(g => g.Min(f => f.Finding.Location.StartLine))
            .ToList();
        var advised = new HashSet<string>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            if (resources.Count > 1 && resource.Key.Length > 0)
            {
                output.WriteLine($" {PlainText.SingleLine(resource.Key)}");
            }

            foreach (var finding in resource.MostSevereFirst())
            {
                WriteFindingLine(output, finding.Finding);
                if (verbose)
                {
                    output.WriteLine($"{Continuation}why: {RuleAdvice.Plain(finding.Finding.Rule.Description)}");
                }

                if (verbose || advised.Add(finding.Finding.Rule.Id))
                {
                    output.WriteLine(fixLines[finding.Finding.Rule]);
                }
            }
        }
    }

    private static string FixLine(RuleDescriptor rule) => $"{Continuation}fix: {RuleAdvice.Fix(rule)} {rule.HelpUri}";

    /// <summary>The resource a finding belongs to: the part of its logical path before " > ", such as <c>Deployment/vllm</c>.</summary>
    private static string Resource(Location location)
    {
        var logical = location.LogicalPath ?? "";
        var end = logical.IndexOf(" > ", StringComparison.Ordinal);
        return end > 0 ? logical[..end] : "";
    }

    private static void WriteTotals(TextWriter output, ScanReport report, IReadOnlyList<EvaluatedFinding> shown, IReadOnlyList<IGrouping<string, EvaluatedFinding>> files)
    {
        var all = SeverityCounts.Of(report.AllFindings);
        if (shown.Count > 0)
        {
            output.WriteLine();
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Totals: {Count(shown.Count, "finding")}{(shown.Count > 0 ? $" ({BySeverity(shown)})" : "")}, {all.Suppressed} suppressed, {all.Blocking} blocking"));
        foreach (var gate in report.Gates)
        {
            output.WriteLine(GateLine(gate));
        }

        var top = files.OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(TopFiles).ToList();
        if (top.Count > 0)
        {
            output.WriteLine("Top files: " + string.Join(", ", top.Select(g => string.Create(CultureInfo.InvariantCulture, $"{PlainText.SingleLine(g.Key)} ({g.Count()})"))));
        }
    }

    private static string BySeverity(IEnumerable<EvaluatedFinding> findings)
    {
        var counts = SeverityCounts.Of(findings);
        return string.Join(", ", SeverityCounts.Descending.Where(s => counts[s] > 0).Select(s => string.Create(CultureInfo.InvariantCulture, $"{counts[s]} {s.ToName()}")));
    }

    private static string Count(int count, string noun) => string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    private static string Colour(Severity severity) => severity switch
    {
        Severity.Critical => "\u001b[1;31m",
        Severity.High => "\u001b[31m",
        Severity.Medium => "\u001b[33m",
        Severity.Low => "\u001b[36m",
        _ => "\u001b[2m",
    };

    private void WriteFindingLine(TextWriter output, Finding finding)
    {
        var severity = s_severityLabels[(int)finding.Severity];
        output.Write("  ");
        if (!plain)
        {
            output.Write(Colour(finding.Severity));
        }

        output.Write(severity);
        if (!plain)
        {
            output.Write(Reset);
        }

        output.Write(' ');
        output.Write(finding.Rule.Id);
        output.Write(' ');
        output.Write(PlainText.SingleLine(finding.Location.ToString()));
        output.Write(' ');
        output.WriteLine(PlainText.SingleLine(finding.Message));
    }

    private static string GateLine(GateReport gate)
    {
        var counts = SeverityCounts.Of(gate.Findings);
        var bySeverity = BySeverity(gate.Findings);
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

    /// <summary>Collects text and passes it on to the inner writer in chunks of about 64 K characters (and on flush).</summary>
    private sealed class ChunkedWriter(TextWriter inner) : TextWriter(CultureInfo.InvariantCulture)
    {
        private const int ChunkChars = 64 * 1024;
        private readonly StringBuilder _chunk = new(ChunkChars + 1024);

        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value) => Append(_chunk.Append(value));

        public override void Write(string? value) => Append(_chunk.Append(value));

        public override void Write(ReadOnlySpan<char> buffer) => Append(_chunk.Append(buffer));

        public override void Write(StringBuilder? value) => Append(_chunk.Append(value));

        public override void WriteLine(string? value) => Append(_chunk.Append(value).Append(inner.NewLine));

        public override void WriteLine() => Append(_chunk.Append(inner.NewLine));

        public override void Flush()
        {
            if (_chunk.Length > 0)
            {
                inner.Write(_chunk);
                _chunk.Clear();
            }

            inner.Flush();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _chunk.Length > 0)
            {
                inner.Write(_chunk);
                _chunk.Clear();
            }

            base.Dispose(disposing);
        }

        private void Append(StringBuilder chunk)
        {
            if (chunk.Length >= ChunkChars)
            {
                inner.Write(chunk);
                chunk.Clear();
            }
        }
    }
}
