using System.Text;
using Microsoft.CodeAnalysis.Sarif;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using CoreLocation = MLSecOps.Core.Rules.Location;
using CoreSuppressionKind = MLSecOps.Core.Rules.SuppressionKind;
using SarifLocation = Microsoft.CodeAnalysis.Sarif.Location;
using SarifSuppression = Microsoft.CodeAnalysis.Sarif.Suppression;
using SarifSuppressionKind = Microsoft.CodeAnalysis.Sarif.SuppressionKind;

namespace MLSecOps.Reporting.Sarif;

/// <summary>Builds the SARIF object model of a report: one run per gate, rules once per id, GitHub-ready results.</summary>
/// <remarks>Only <see cref="SarifReportWriter"/> exposes the result, so callers never need a compile-time reference to Sarif.dll.</remarks>
public static class SarifLogBuilder
{
    /// <summary>The tool name every run's driver carries.</summary>
    public const string ToolName = "MLSecOps Gates";

    /// <summary>The tool's home page.</summary>
    public static readonly Uri InformationUri = new("https://github.com/mlsecops-gates/mlsecops");

    /// <summary>The base id that, with the SARIF <c>%SRCROOT%</c> convention, anchors every location.</summary>
    public const string SourceRoot = "%SRCROOT%";

    /// <summary>GitHub keeps at most 20 tags per rule.</summary>
    public const int MaxTags = 20;

    /// <summary>GitHub rejects runs with more than 25,000 results.</summary>
    public const int MaxResultsPerRun = 25_000;

    /// <summary>The fingerprint name under <c>fingerprints</c>; bump the version if the hash inputs change.</summary>
    public const string FingerprintName = "mlsecops/v1";

    private static readonly Uri SchemaUri = new("https://json.schemastore.org/sarif-2.1.0.json");

    /// <summary>Builds the log: one run per gate in run order.</summary>
    /// <param name="report">The report.</param>
    /// <param name="maxResultsPerRun">The most results per run; the least severe (suppressed first) are left out beyond it.</param>
    internal static SarifLog Build(ScanReport report, int maxResultsPerRun = MaxResultsPerRun)
    {
        ArgumentNullException.ThrowIfNull(report);
        var root = RootUri(report.RepositoryRoot);
        return new SarifLog
        {
            SchemaUri = SchemaUri,
            Version = SarifVersion.Current,
            Runs = report.Gates.Select(g => BuildRun(report, g, root, maxResultsPerRun)).ToList(),
        };
    }

    /// <summary>Returns the rules of a gate's run: the gate's rules, then any other rule its findings use, once per id.</summary>
    /// <param name="gate">The gate report.</param>
    /// <returns>The descriptors in index order.</returns>
    public static IReadOnlyList<RuleDescriptor> RulesOf(GateReport gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        return gate.Rules.Concat(gate.Findings.Select(f => f.Finding.Rule)).DistinctBy(r => r.Id).ToList();
    }

    /// <summary>Returns the rule name SARIF wants: the title in PascalCase, letters and digits only.</summary>
    /// <param name="title">The rule title.</param>
    /// <returns>For example <c>PickleImportsOsSystem</c>.</returns>
    public static string PascalCase(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var name = new StringBuilder(title.Length);
        var startWord = true;
        foreach (var c in title)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                startWord = true;
                continue;
            }

            name.Append(startWord ? char.ToUpperInvariant(c) : c);
            startWord = false;
        }

        return name.ToString();
    }

    /// <summary>Returns the repository-relative path as a URI reference, each segment percent-encoded.</summary>
    /// <param name="path">The forward-slash relative path.</param>
    /// <returns>The relative URI.</returns>
    public static Uri RelativeUri(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var encoded = string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
        return new Uri(encoded, UriKind.Relative);
    }

    private static Uri RootUri(string repositoryRoot)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        return new Uri(full + Path.DirectorySeparatorChar, UriKind.Absolute);
    }

    private static Run BuildRun(ScanReport report, GateReport gate, Uri root, int maxResults)
    {
        var rules = RulesOf(gate);
        var index = rules.Select((r, i) => (r.Id, i)).ToDictionary(p => p.Id, p => p.i, StringComparer.Ordinal);
        var occurrences = new Dictionary<string, int>(StringComparer.Ordinal);
        var runSeverity = gate.Findings
            .GroupBy(f => f.Finding.Rule.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Max(f => f.Finding.Severity), StringComparer.Ordinal);
        var run = new Run
        {
            Tool = new Tool
            {
                Driver = new ToolComponent
                {
                    Name = ToolName,
                    InformationUri = InformationUri,
                    Version = report.ToolVersion,
                    SemanticVersion = report.ToolVersion,
                    Rules = rules.Select(r => BuildRule(r, runSeverity.GetValueOrDefault(r.Id, r.DefaultSeverity), gate.Stage)).ToList(),
                },
            },
            AutomationDetails = new RunAutomationDetails { Id = $"mlsecops/{gate.Gate}/" },
            OriginalUriBaseIds = new Dictionary<string, ArtifactLocation>(StringComparer.Ordinal)
            {
                [SourceRoot] = new ArtifactLocation { Uri = root },
            },
            Results = gate.Findings
                .MostSevereFirst()
                .Take(Math.Max(0, maxResults))
                .Select(f => BuildResult(f, gate.Gate, index[f.Finding.Rule.Id], occurrences))
                .ToList(),
        };
        if (gate.Findings.Count > run.Results.Count)
        {
            // Say so in the log itself: the JSON report and the summary still carry every finding.
            new SarifPropertyBag().Set("omittedResults", gate.Findings.Count - run.Results.Count).ApplyTo(run);
        }

        return run;
    }

    // GitHub ranks alerts by the rule's security-severity only, so a rule whose severity the policy raised or
    // lowered carries the most severe effective severity of its findings in the run (its default when it has none).
    private static ReportingDescriptor BuildRule(RuleDescriptor rule, Severity severity, string stage)
    {
        var descriptor = new ReportingDescriptor
        {
            Id = rule.Id,
            Name = PascalCase(rule.Title),
            ShortDescription = new MultiformatMessageString { Text = rule.Title },
            FullDescription = new MultiformatMessageString { Text = rule.Description },
            Help = new MultiformatMessageString { Text = HelpText(rule), Markdown = HelpMarkdown(rule) },
            HelpUri = rule.HelpUri,
            DefaultConfiguration = new ReportingConfiguration { Level = SarifSeverityMap.FailureLevelOf(severity) },
        };
        var properties = new SarifPropertyBag();
        if (SarifSeverityMap.SecuritySeverity(severity) is { } score)
        {
            properties.Set("security-severity", score);
        }

        properties.Set("tags", Tags(rule, stage)).Set("precision", SarifSeverityMap.PrecisionName(rule.Precision)).ApplyTo(descriptor);
        return descriptor;
    }

    private static string HelpText(RuleDescriptor rule) =>
        rule.Example is { } example ? $"{rule.HelpMarkdown}\n\nExample that triggers it: {example}" : rule.HelpMarkdown;

    private static string HelpMarkdown(RuleDescriptor rule) =>
        rule.Example is { } example ? $"{rule.HelpMarkdown}\n\n**Example that triggers it.** {example}" : rule.HelpMarkdown;

    private static List<string> Tags(RuleDescriptor rule, string stage) =>
        new[] { "security", stage }
            .Concat(rule.Threats.Select(ThreatCatalog.Tag))
            .Concat(rule.Standards)
            .Where(t => !string.IsNullOrWhiteSpace(t))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxTags)
            .ToList();

    private static Result BuildResult(EvaluatedFinding evaluated, string gate, int ruleIndex, Dictionary<string, int> occurrences)
    {
        var finding = evaluated.Finding;
        var fingerprint = finding.Fingerprint;
        occurrences[fingerprint] = occurrences.GetValueOrDefault(fingerprint) + 1;
        var result = new Result
        {
            RuleId = finding.Rule.Id,
            RuleIndex = ruleIndex,
            Level = SarifSeverityMap.FailureLevelOf(finding.Severity),
            Message = new Message { Text = finding.Message },
            Locations = [BuildLocation(finding.Location)],
            PartialFingerprints = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["primaryLocationLineHash"] = $"{fingerprint}:{occurrences[fingerprint]}",
            },
            Fingerprints = new Dictionary<string, string>(StringComparer.Ordinal) { [FingerprintName] = fingerprint },
        };
        var properties = new SarifPropertyBag();
        if (evaluated.Suppression is { } suppression)
        {
            result.Suppressions =
            [
                new SarifSuppression
                {
                    Kind = suppression.Kind == CoreSuppressionKind.InSource ? SarifSuppressionKind.InSource : SarifSuppressionKind.External,
                    Status = SuppressionStatus.Accepted,
                    Justification = suppression.Justification,
                },
            ];
            properties.Set("suppressionSource", suppression.Source);
        }

        if (SarifSeverityMap.SecuritySeverity(finding.Severity) is { } score)
        {
            properties.Set("security-severity", score);
        }

        properties.Set("severity", finding.Severity.ToName()).Set("gate", gate).Set("blocking", evaluated.Blocking);
        if (finding.Evidence is { } evidence)
        {
            properties.Set("evidence", evidence);
        }

        properties.ApplyTo(result);
        return result;
    }

    private static SarifLocation BuildLocation(CoreLocation location)
    {
        var region = new Region { StartLine = Math.Max(1, location.StartLine) };
        if (location.StartColumn is { } startColumn)
        {
            region.StartColumn = startColumn;
        }

        if (location.EndLine is { } endLine && endLine >= region.StartLine)
        {
            region.EndLine = endLine;
            if (location.EndColumn is { } endColumn)
            {
                region.EndColumn = endColumn;
            }
        }

        var sarifLocation = new SarifLocation
        {
            PhysicalLocation = new PhysicalLocation
            {
                ArtifactLocation = new ArtifactLocation { Uri = RelativeUri(location.Path), UriBaseId = SourceRoot },
                Region = region,
            },
        };
        if (!string.IsNullOrEmpty(location.LogicalPath))
        {
            sarifLocation.LogicalLocations = [new LogicalLocation { FullyQualifiedName = location.LogicalPath, Kind = "element" }];
        }

        return sarifLocation;
    }
}
