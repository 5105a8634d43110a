using System.Text;
using Microsoft.CodeAnalysis.Sarif;
using MLSecOps.Core.Reporting;

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
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(writer);
        SarifLogJson.Write(log, writer);
        writer.WriteLine();
        writer.Flush();
    }
}
