using System.Globalization;
using MLSecOps.Core.Inventory;
using MLSecOps.Reporting.Text;

namespace MLSecOps.Reporting.Compliance;

/// <summary>Writes the compliance view as Markdown: the <c>--compliance</c> file, the step-summary section and the
/// rule-to-control catalogue of <c>docs/compliance.md</c>.</summary>
public static class ComplianceMarkdown
{
    private const int MaxSummaryControls = 15;

    /// <summary>Writes the full report: every framework with a row per control (ATLAS: the techniques checked or answered
    /// by the threat model, then the ids of the rest).</summary>
    /// <param name="report">The compliance view.</param>
    /// <param name="writer">The destination; left open.</param>
    public static void Write(ComplianceReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("# Compliance report\n\n");
        writer.Write($"Gates that ran: {string.Join(", ", report.Gates.Select(g => $"`{g}`"))}. A control is **passed** when enabled rules check it and none reported an open finding above info, **failed** when one did, **waived** when every finding of its rules is waived, baselined or ignored in the source, and **not checked** when no enabled rule of a gate that ran checks it. Which rules check a control comes from the rule descriptors and the threat model's `verified-by`.\n\n");
        foreach (var (framework, controls) in report.Frameworks)
        {
            writer.Write($"## {framework.Title}\n\n{Counts(controls)}\n\n");
            var listed = framework.Key == ComplianceCatalog.MitreAtlas ? controls.Where(c => c.Rules.Count > 0 || c.Mitigations.Count > 0).ToList() : [.. controls];
            writer.Write("| Control | Name | Status | Rules | Evidence |\n|---|---|---|---|---|\n");
            foreach (var control in listed)
            {
                writer.Write($"| {control.Control.Id} | {MarkdownText.Cell(control.Control.Name)} | {control.StatusText} | {RulesCell(control)} | {Evidence(control)} |\n");
            }

            var rest = controls.Except(listed).Select(c => c.Control.Id).ToList();
            if (rest.Count > 0)
            {
                writer.Write(string.Create(CultureInfo.InvariantCulture, $"\nNot checked by any enabled rule and not named by the threat model ({rest.Count}): {string.Join(", ", rest)}.\n"));
            }

            writer.Write("\n");
        }

        writer.Flush();
    }

    /// <summary>Returns the full report as a string.</summary>
    /// <param name="report">The compliance view.</param>
    /// <returns>The Markdown.</returns>
    public static string ToMarkdown(ComplianceReport report)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(report, writer);
        return writer.ToString();
    }

    /// <summary>Returns the step-summary section: counts per framework, then the failed and waived controls.</summary>
    /// <param name="report">The compliance view.</param>
    /// <param name="heading">The heading marks of the section, such as <c>###</c>.</param>
    /// <returns>The Markdown lines.</returns>
    public static IEnumerable<string> Summary(ComplianceReport report, string heading)
    {
        ArgumentNullException.ThrowIfNull(report);
        yield return $"{heading} Compliance";
        yield return "";
        yield return "| Framework | Passed | Failed | Waived | Not checked |";
        yield return "|---|---:|---:|---:|---:|";
        foreach (var (framework, controls) in report.Frameworks)
        {
            yield return string.Create(
                CultureInfo.InvariantCulture,
                $"| {framework.Title} | {ComplianceReport.Count(controls, ControlStatus.Passed)} | {ComplianceReport.Count(controls, ControlStatus.Failed)} | {ComplianceReport.Count(controls, ControlStatus.Waived)} | {ComplianceReport.Count(controls, ControlStatus.NotChecked)} |");
        }

        var notable = report.Frameworks.SelectMany(f => f.Controls).Where(c => c.Status is ControlStatus.Failed or ControlStatus.Waived).ToList();
        yield return "";
        if (notable.Count == 0)
        {
            yield break;
        }

        yield return "| Control | Status | Rules with open findings |";
        yield return "|---|---|---|";
        foreach (var control in notable.Take(MaxSummaryControls))
        {
            yield return $"| {control.Control.Id} {MarkdownText.Cell(control.Control.Name, 80)} | {control.StatusText} | {string.Join(", ", control.FailingRules)} |";
        }

        if (notable.Count > MaxSummaryControls)
        {
            yield return "";
            yield return string.Create(CultureInfo.InvariantCulture, $"{notable.Count - MaxSummaryControls} more failed or waived controls are in the compliance report (`--compliance`).");
        }

        yield return "";
    }

    /// <summary>Writes the catalogue of <c>docs/compliance.md</c>: per framework, each control and the rules that check it.</summary>
    /// <param name="checkers">The rule ids per control (<see cref="ComplianceEvaluator.Checkers"/>).</param>
    /// <param name="writer">The destination; left open.</param>
    public static void WriteCatalogue(IReadOnlyDictionary<ComplianceControl, IReadOnlyList<string>> checkers, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(checkers);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write("# Compliance mapping\n\n");
        writer.Write("<!-- Generated by `mlsecops rules --format compliance -o docs/compliance.md`; do not edit by hand. -->\n\n");
        writer.Write("Which rules check which control of the four frameworks the compliance report (`--compliance`) covers, taken from each rule's standards references. In a scan, a threat model's `verified-by` can add rules to the ATLAS techniques of its threats. See [governance.md](governance.md) for how to read the report.\n\n");
        foreach (var framework in ComplianceCatalog.Frameworks)
        {
            var mapped = framework.Controls.Count(c => checkers.ContainsKey(c));
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"## {framework.Title}\n\n{mapped} of {framework.Controls.Count} controls are checked by at least one rule.\n\n"));
            var listed = framework.Key == ComplianceCatalog.MitreAtlas ? framework.Controls.Where(checkers.ContainsKey).ToList() : [.. framework.Controls];
            writer.Write("| Control | Name | Rules |\n|---|---|---|\n");
            foreach (var control in listed)
            {
                var rules = checkers.TryGetValue(control, out var ids) ? string.Join(", ", ids.Select(id => $"[{id}](rules.md#{id.ToLowerInvariant()})")) : "not checked";
                writer.Write($"| {control.Id} | {MarkdownText.Cell(control.Name)} | {rules} |\n");
            }

            writer.Write("\n");
        }

        writer.Flush();
    }

    private static string Counts(IReadOnlyList<ControlResult> controls) => string.Create(
        CultureInfo.InvariantCulture,
        $"{ComplianceReport.Count(controls, ControlStatus.Passed)} passed, {ComplianceReport.Count(controls, ControlStatus.Failed)} failed, {ComplianceReport.Count(controls, ControlStatus.Waived)} waived, {ComplianceReport.Count(controls, ControlStatus.NotChecked)} not checked.");

    private static string RulesCell(ControlResult control) =>
        control.Rules.Count == 0 ? "" : string.Join(", ", control.Rules.Select(r => control.FailingRules.Contains(r) ? $"**{r}**" : r));

    private static string Evidence(ControlResult control)
    {
        var parts = new List<string>();
        if (control.Rules.Count > 0)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{control.OpenFindings} open, {control.SuppressedFindings} suppressed"));
        }

        if (control.Files.Count > 0)
        {
            parts.Add("files: " + string.Join(", ", control.Files.Select(f => MarkdownText.Cell(f, 200))));
        }

        parts.AddRange(control.Mitigations.Select(Mitigation));
        return string.Join("; ", parts);
    }

    private static string Mitigation(ThreatMitigation mitigation)
    {
        var owner = mitigation.Owner is { Length: > 0 } o ? $", owner {o}" : "";
        var status = mitigation.Status is { Length: > 0 } s ? $", {s}" : "";
        var verified = mitigation.VerifiedBy.Count > 0 ? $", verified by {string.Join(" ", mitigation.VerifiedBy)}" : "";
        return MarkdownText.Cell($"mitigation ({mitigation.Threat}{owner}{status}{verified}): {mitigation.Description}");
    }
}
