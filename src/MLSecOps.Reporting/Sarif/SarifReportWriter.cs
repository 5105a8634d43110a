using System.Text;
using Microsoft.CodeAnalysis.Sarif;
using MLSecOps.Core.Reporting;
using Newtonsoft.Json;

namespace MLSecOps.Reporting.Sarif;

/// <summary>Serializes a report as SARIF 2.1.0 to a writer or stream it is given; it never opens files.</summary>
public static class SarifReportWriter
{
    /// <summary>Writes <paramref name="report"/> as indented SARIF JSON.</summary>
    /// <param name="report">The report.</param>
    /// <param name="writer">The destination; left open.</param>
    public static void Write(ScanReport report, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Write(SarifLogBuilder.Build(report), writer);
    }

    /// <summary>Writes <paramref name="report"/> as UTF-8 SARIF JSON without a byte-order mark.</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">The destination; left open.</param>
    public static void Write(ScanReport report, Stream stream)
    {
        using var writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        Write(report, writer);
    }

    /// <summary>Writes an already built log.</summary>
    /// <param name="log">The log.</param>
    /// <param name="writer">The destination; left open.</param>
    public static void Write(SarifLog log, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var serializer = JsonSerializer.Create(new JsonSerializerSettings { Formatting = Formatting.Indented });
        using var json = new JsonTextWriter(writer) { CloseOutput = false };
        serializer.Serialize(json, log);
        json.Flush();
        writer.WriteLine();
        writer.Flush();
    }
}
