using System.Text;
using Microsoft.CodeAnalysis.Sarif;
using MLSecOps.Core.Reporting;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MLSecOps.Reporting.Sarif;

/// <summary>Serializes a report as SARIF 2.1.0 to a writer or stream it is given; it never opens files.</summary>
public static class SarifReportWriter
{
    /// <summary>Writes <paramref name="report"/> as indented SARIF JSON.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">The destination; left open.</param>
    /// <param name="maxResultsPerRun">The most results per run (GitHub rejects more than 25,000); the least severe are left out
    /// beyond it and the run's <c>properties.omittedResults</c> says how many.</param>
    public static void Write(ScanReport report, TextWriter writer, int maxResultsPerRun = SarifLogBuilder.MaxResultsPerRun)
    {
        ArgumentNullException.ThrowIfNull(writer);
        WriteLog(SarifLogBuilder.Build(report, maxResultsPerRun), writer);
    }

    /// <summary>Writes <paramref name="report"/> as UTF-8 SARIF JSON without a byte-order mark.</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">The destination; left open.</param>
    /// <param name="maxResultsPerRun">The most results per run; see <see cref="Write(ScanReport, TextWriter, int)"/>.</param>
    public static void Write(ScanReport report, Stream stream, int maxResultsPerRun = SarifLogBuilder.MaxResultsPerRun)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        Write(report, writer, maxResultsPerRun);
    }

    /// <summary>Writes an already built log.</summary>
    internal static void WriteLog(SarifLog log, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var serializer = JsonSerializer.Create(new JsonSerializerSettings { Formatting = Formatting.Indented });
        var document = JObject.FromObject(log, serializer);
        SpellOutDefaults(document);
        using var json = new JsonTextWriter(writer) { CloseOutput = false, Formatting = Formatting.Indented };
        document.WriteTo(json);
        json.Flush();
        writer.WriteLine();
        writer.Flush();
    }

    // The SDK drops values equal to SARIF defaults. A result without a level inherits its rule's default
    // configuration, so a medium finding of a high rule would show as an error; and GitHub rejects a driver
    // without a rules array (GH1018), even an empty one. Spell both out.
    private static void SpellOutDefaults(JObject document)
    {
        foreach (var run in document["runs"]?.Children<JObject>() ?? [])
        {
            if (run.SelectToken("tool.driver") is JObject driver)
            {
                driver["rules"] ??= new JArray();
            }

            var rules = run.SelectTokens("tool.driver.rules[*]").OfType<JObject>();
            foreach (var rule in rules)
            {
                var configuration = rule["defaultConfiguration"] as JObject ?? new JObject();
                configuration["level"] ??= "warning";
                rule["defaultConfiguration"] = configuration;
            }

            foreach (var result in run["results"]?.Children<JObject>() ?? [])
            {
                result["level"] ??= "warning";
            }
        }
    }
}
