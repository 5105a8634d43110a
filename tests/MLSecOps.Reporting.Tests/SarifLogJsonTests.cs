using System.Reflection;
using Microsoft.CodeAnalysis.Sarif;
using Suppression = MLSecOps.Core.Rules.Suppression;
using SuppressionKind = MLSecOps.Core.Rules.SuppressionKind;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Sarif;
using MLSecOps.TestKit;
using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace MLSecOps.Reporting.Tests;

/// <summary>The reflection-free SARIF writer against the SDK's own Newtonsoft serialisation of the same log: byte for byte.</summary>
public sealed class SarifLogJsonTests
{
    private static IEnumerable<TestCaseData> Reports()
    {
        yield return new TestCaseData(SampleReports.Mixed()).SetArgDisplayNames("mixed");
        yield return new TestCaseData(SampleReports.Hostile()).SetArgDisplayNames("hostile");
        yield return new TestCaseData(SampleReports.Many(40, suppressed: 7)).SetArgDisplayNames("many");
        yield return new TestCaseData(Awkward()).SetArgDisplayNames("awkward");
        yield return new TestCaseData(Some.Report([Some.Gate("deploy-audit", "deploy", [], [])])).SetArgDisplayNames("no rules, no results");
    }

    [TestCaseSource(nameof(Reports))]
    public void Write_EqualsTheSdkNewtonsoftSerialisation(ScanReport report)
    {
        var log = SarifLogBuilder.Build(report);
        using var written = new StringWriter();
        SarifReportWriter.WriteLog(log, written);

        Assert.That(written.ToString(), Is.EqualTo(Reference(log)));
    }

    [Test]
    public void Write_CappedRun_KeepsOmittedResultsProperty()
    {
        var log = SarifLogBuilder.Build(SampleReports.Many(12), maxResultsPerRun: 5);
        using var written = new StringWriter();
        SarifReportWriter.WriteLog(log, written);

        Assert.That(written.ToString(), Does.Contain("\"omittedResults\": 7"));
        Assert.That(written.ToString(), Is.EqualTo(Reference(log)));
    }

    // Control characters, quotes, backslashes, line and paragraph separators, non-ASCII, spaces and a repository root
    // with a space and an accent: every escaping path.
    private static ScanReport Awkward()
    {
        var rule = Some.Rule("MOD777", Severity.Medium, "Quote \" back\\slash\ttab");
        var findings = new[]
        {
            Some.Finding(rule, "models/é café/x\u2028y.pkl", 3, "bell \u0007 esc \u001b nel \u0085 ls \u2028 ps \u2029 nul \0 crlf \r\n form \f back \b </script> & 'q'", evidence: "ünïcödé 😀", column: 4, logicalPath: "a/\"b\""),
            Some.Finding(rule, "deploy/#hash?query.yaml", 9, "plain"),
        };
        return Some.Report(
            [Some.Gate("model-scan", "build", [.. findings.Select(f => Some.Evaluated(f, suppression: new Suppression(SuppressionKind.InSource, "why \"not\"", "inline")))], [rule])],
            repositoryRoot: "/tmp/my répo");
    }

    // What SarifReportWriter wrote before it stopped reflecting: Newtonsoft, indented, with the explicit defaults GitHub needs.
    private static string Reference(SarifLog log)
    {
        var serializer = JsonSerializer.Create(new JsonSerializerSettings { Formatting = Formatting.Indented, ContractResolver = ExplicitDefaultsResolver.Instance });
        using var text = new StringWriter();
        using (var json = new JsonTextWriter(text) { CloseOutput = false })
        {
            serializer.Serialize(json, log);
        }

        text.WriteLine();
        return text.ToString();
    }

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
