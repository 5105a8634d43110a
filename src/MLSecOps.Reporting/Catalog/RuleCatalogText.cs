using System.Globalization;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Text;

namespace MLSecOps.Reporting.Catalog;

/// <summary>The rule catalogue as plain text for a terminal: a compact table, or one rule in full.</summary>
public static class RuleCatalogText
{
    /// <summary>Writes one line per rule: id, default severity, gate and title.</summary>
    /// <param name="catalog">The rules.</param>
    /// <param name="writer">Where to write.</param>
    public static void WriteTable(RuleCatalog catalog, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(writer);
        var rules = catalog.All.ToList();
        var gateWidth = rules.Max(r => r.Gate.Length);
        writer.WriteLine($"{"ID",-7} {"SEVERITY",-9} {"GATE".PadRight(gateWidth)} TITLE");
        foreach (var (gate, rule) in rules)
        {
            writer.WriteLine($"{rule.Id,-7} {rule.DefaultSeverity.ToName(),-9} {gate.PadRight(gateWidth)} {rule.Title}");
        }

        writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rules.Count} rules; 'mlsecops rules ID' shows one in full, '--format markdown' or '--format json' the whole catalogue."));
    }

    /// <summary>Writes one rule in full: title, gate, severity, threats, standards, description, fix, example and help link.</summary>
    /// <param name="gate">The gate that reports it.</param>
    /// <param name="rule">The rule.</param>
    /// <param name="writer">Where to write.</param>
    public static void WriteRule(string gate, RuleDescriptor rule, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteLine($"{rule.Id}: {rule.Title}");
        writer.WriteLine($"  gate:      {gate}");
        writer.WriteLine($"  severity:  {rule.DefaultSeverity.ToName()} (default; change it under 'rules: {{ {rule.Id}: {{ severity: ... }} }}' in .mlsecops.yml)");
        writer.WriteLine($"  precision: {rule.Precision.ToString().ToLowerInvariant()}");
        writer.WriteLine($"  threats:   {string.Join(", ", rule.Threats.Select(ThreatCatalog.Name))}");
        writer.WriteLine($"  standards: {(rule.Standards.Count > 0 ? string.Join(", ", rule.Standards) : "none")}");
        writer.WriteLine($"  help:      {rule.HelpUri}");
        writer.WriteLine();
        writer.WriteLine(RuleAdvice.Plain(rule.Description));
        writer.WriteLine();
        writer.WriteLine("How to fix: " + RuleAdvice.Plain(rule.HelpMarkdown));
        if (rule.Example is { } example)
        {
            writer.WriteLine();
            writer.WriteLine("Example that triggers it: " + RuleAdvice.Plain(example));
        }
    }
}
