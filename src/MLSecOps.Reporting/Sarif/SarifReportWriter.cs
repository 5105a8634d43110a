using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis.Sarif;
using MLSecOps.Core.Reporting;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

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
        var serializer = JsonSerializer.Create(new JsonSerializerSettings
        {
            Formatting = Formatting.Indented,
            ContractResolver = ExplicitDefaultsResolver.Instance,
        });
        using var json = new JsonTextWriter(writer) { CloseOutput = false };
        serializer.Serialize(json, log);
        json.Flush();
        writer.WriteLine();
        writer.Flush();
    }

    /// <summary>Writes the few values the SDK drops as SARIF defaults but GitHub needs spelled out.</summary>
    /// <remarks>A result without a level inherits its rule's default configuration, so a medium finding of a high rule
    /// would show as an error; a rule without a default configuration loses its level; and GitHub rejects a driver
    /// without a rules array (GH1018), even an empty one.</remarks>
    private sealed class ExplicitDefaultsResolver : DefaultContractResolver
    {
        public static readonly ExplicitDefaultsResolver Instance = new();

        protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
        {
            var property = base.CreateProperty(member, memberSerialization);
            if ((property.DeclaringType == typeof(Result) || property.DeclaringType == typeof(ReportingConfiguration)) && property.PropertyName == "level")
            {
                property.DefaultValueHandling = DefaultValueHandling.Include;
                property.ShouldSerialize = _ => true;
            }
            else if (property.DeclaringType == typeof(ReportingDescriptor) && property.PropertyName == "defaultConfiguration")
            {
                property.ShouldSerialize = o => ((ReportingDescriptor)o).DefaultConfiguration is not null;
            }
            else if (property.DeclaringType == typeof(ToolComponent) && property.PropertyName == "rules")
            {
                property.ShouldSerialize = o => ((ToolComponent)o).Rules is not null;
            }

            return property;
        }
    }
}
