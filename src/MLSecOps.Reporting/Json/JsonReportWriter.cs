using System.Text.Json;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;

namespace MLSecOps.Reporting.Json;

/// <summary>Writes the stable <c>--json</c> document (docs/json-output.md) to a stream it is given.</summary>
public static class JsonReportWriter
{
    /// <summary>The schema version of the document; bumped only on breaking changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Writes <paramref name="report"/> as indented UTF-8 JSON.</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">The destination; left open.</param>
    public static void Write(ScanReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        ReadableJson.Write(stream, json => Write(report, json));
    }

    /// <summary>Writes <paramref name="report"/> to a JSON writer.</summary>
    /// <param name="report">The report.</param>
    /// <param name="json">The writer; flushed, not disposed.</param>
    public static void Write(ScanReport report, Utf8JsonWriter json)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(json);
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", SchemaVersion);
        json.WriteStartObject("tool");
        json.WriteString("name", "mlsecops");
        json.WriteString("version", report.ToolVersion);
        json.WriteEndObject();
        json.WriteString("startedAt", report.StartedAt);
        json.WriteString("repositoryRoot", report.RepositoryRoot);
        WriteDecision(report.Decision, json);
        WriteCounts(report.AllFindings, json);
        json.WriteStartArray("gates");
        foreach (var gate in report.Gates)
        {
            WriteGate(gate, json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteDecision(Decision decision, Utf8JsonWriter json)
    {
        json.WriteStartObject("decision");
        json.WriteString("result", decision.Name);
        json.WriteString("failOn", decision.FailOn?.ToName() ?? "none");

        json.WriteNumber("blockingCount", decision.BlockingCount);
        json.WriteEndObject();
    }

    private static void WriteGate(GateReport gate, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("name", gate.Gate);
        json.WriteString("stage", gate.Stage);
        json.WriteNumber("filesScanned", gate.FilesScanned);
        json.WriteNumber("durationMs", (long)Math.Round(gate.Duration.TotalMilliseconds));
        WriteCounts(gate.Findings, json);
        json.WriteStartArray("findings");
        foreach (var finding in gate.Findings.MostSevereFirst())
        {
            WriteFinding(finding, json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCounts(IEnumerable<EvaluatedFinding> findings, Utf8JsonWriter json)
    {
        var counts = SeverityCounts.Of(findings);
        json.WriteStartObject("counts");
        foreach (var severity in SeverityCounts.Descending)
        {
            json.WriteNumber(severity.ToName(), counts[severity]);
        }

        json.WriteNumber("suppressed", counts.Suppressed);
        json.WriteNumber("blocking", counts.Blocking);
        json.WriteEndObject();
    }

    private static void WriteFinding(EvaluatedFinding evaluated, Utf8JsonWriter json)
    {
        var finding = evaluated.Finding;
        var location = finding.Location;
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Rule.Id);
        json.WriteString("title", finding.Rule.Title);
        json.WriteString("severity", finding.Severity.ToName());
        json.WriteString("message", finding.Message);
        json.WriteStartObject("location");
        json.WriteString("path", location.Path);
        json.WriteNumber("startLine", location.StartLine);
        WriteOptional("startColumn", location.StartColumn, json);
        WriteOptional("endLine", location.EndLine, json);
        WriteOptional("endColumn", location.EndColumn, json);
        json.WriteString("logicalPath", location.LogicalPath);
        json.WriteEndObject();
        json.WriteString("evidence", finding.Evidence);
        json.WriteString("fingerprint", finding.Fingerprint);
        json.WriteString("helpUri", finding.Rule.HelpUri.AbsoluteUri);
        json.WriteBoolean("blocking", evaluated.Blocking);
        json.WriteBoolean("suppressed", evaluated.IsSuppressed);
        if (evaluated.Suppression is { } suppression)
        {
            json.WriteStartObject("suppression");
            json.WriteString("kind", suppression.Kind == SuppressionKind.InSource ? "inSource" : "external");
            json.WriteString("source", suppression.Source);
            json.WriteString("justification", suppression.Justification);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("suppression");
        }

        json.WriteEndObject();
    }

    private static void WriteOptional(string name, int? value, Utf8JsonWriter json)
    {
        if (value is { } number)
        {
            json.WriteNumber(name, number);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
