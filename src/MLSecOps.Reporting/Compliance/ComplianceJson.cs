using System.Text.Json;
using MLSecOps.Reporting.Json;

namespace MLSecOps.Reporting.Compliance;

/// <summary>Writes the compliance view as JSON: every framework, every control, its status and evidence.</summary>
public static class ComplianceJson
{
    /// <summary>The schema version of the document; bumped only on breaking changes.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Writes <paramref name="report"/> as indented UTF-8 JSON.</summary>
    /// <param name="report">The compliance view.</param>
    /// <param name="stream">The destination; left open.</param>
    public static void Write(ComplianceReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        ReadableJson.Write(stream, json => Write(report, json));
    }

    private static void Write(ComplianceReport report, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", SchemaVersion);
        WriteStrings(json, "gates", report.Gates);
        json.WriteStartArray("frameworks");
        foreach (var (framework, controls) in report.Frameworks)
        {
            json.WriteStartObject();
            json.WriteString("key", framework.Key);
            json.WriteString("title", framework.Title);
            json.WriteStartObject("counts");
            foreach (var status in Enum.GetValues<ControlStatus>())
            {
                json.WriteNumber(StatusKey(status), ComplianceReport.Count(controls, status));
            }

            json.WriteEndObject();
            json.WriteStartArray("controls");
            foreach (var control in controls)
            {
                WriteControl(control, json);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    private static void WriteControl(ControlResult control, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("id", control.Control.Id);
        json.WriteString("name", control.Control.Name);
        json.WriteString("status", StatusKey(control.Status));
        if (control.WaivedUntil is { } until)
        {
            json.WriteString("waivedUntil", until.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        }

        WriteStrings(json, "rules", control.Rules);
        WriteStrings(json, "failingRules", control.FailingRules);
        json.WriteNumber("openFindings", control.OpenFindings);
        json.WriteNumber("suppressedFindings", control.SuppressedFindings);
        WriteStrings(json, "files", control.Files);
        json.WriteStartArray("mitigations");
        foreach (var mitigation in control.Mitigations)
        {
            json.WriteStartObject();
            json.WriteString("threat", mitigation.Threat);
            json.WriteString("description", mitigation.Description);
            json.WriteString("owner", mitigation.Owner);
            json.WriteString("status", mitigation.Status);
            WriteStrings(json, "verifiedBy", mitigation.VerifiedBy);
            json.WriteString("path", mitigation.Path);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static string StatusKey(ControlStatus status) => status switch
    {
        ControlStatus.Passed => "passed",
        ControlStatus.Failed => "failed",
        ControlStatus.Waived => "waived",
        _ => "notChecked",
    };

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
