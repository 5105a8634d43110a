using System.Text;
using System.Text.Json.Nodes;
using MLSecOps.Core.Reporting;
using MLSecOps.Reporting.Json;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests;

public sealed class JsonReportWriterTests
{
    [Test]
    public void Write_MixedReport_MatchesGoldenFile()
    {
        Golden.AssertMatches("mixed.json", JsonText(SampleReports.Mixed()));
    }

    [Test]
    public void Write_MixedReport_HasDecisionAndTotals()
    {
        var json = Parse(SampleReports.Mixed());

        Assert.That((int?)json["schemaVersion"], Is.EqualTo(1));
        Assert.That((string?)json["tool"]!["version"], Is.EqualTo("0.1.0"));
        Assert.That((string?)json["decision"]!["result"], Is.EqualTo("fail"));
        Assert.That((string?)json["decision"]!["failOn"], Is.EqualTo("high"));
        Assert.That((int?)json["decision"]!["blockingCount"], Is.EqualTo(2));
        var counts = json["counts"]!;
        Assert.That(
            new[] { (int?)counts["critical"], (int?)counts["high"], (int?)counts["medium"], (int?)counts["low"], (int?)counts["info"], (int?)counts["suppressed"], (int?)counts["blocking"] },
            Is.EqualTo(new int?[] { 1, 1, 1, 1, 1, 2, 2 }));
    }

    [Test]
    public void Write_Gate_HasStatisticsAndFindingsMostSevereFirst()
    {
        var gate = Parse(SampleReports.Mixed())["gates"]![0]!;

        Assert.That((string?)gate["name"], Is.EqualTo("model-scan"));
        Assert.That((string?)gate["stage"], Is.EqualTo("build"));
        Assert.That((int?)gate["filesScanned"], Is.EqualTo(4));
        Assert.That((long?)gate["durationMs"], Is.EqualTo(250));
        Assert.That(gate["findings"]!.AsArray().Select(f => (string?)f!["ruleId"]), Is.EqualTo(new[] { "MOD001", "MOD002", "POL001", "MOD001" }));
    }

    [Test]
    public void Write_Finding_HasLocationEvidenceAndSuppression()
    {
        var findings = Parse(SampleReports.Mixed())["gates"]![1]!["findings"]!.AsArray();
        var secret = findings[0]!;
        var ignored = findings.Single(f => (bool?)f!["suppressed"] == true)!;

        Assert.That((string?)secret["severity"], Is.EqualTo("high"));
        Assert.That((string?)secret["location"]!["path"], Is.EqualTo("data/train.csv"));
        Assert.That(new[] { (int?)secret["location"]!["startLine"], (int?)secret["location"]!["startColumn"] }, Is.EqualTo(new int?[] { 42, 17 }));
        Assert.That((string?)secret["evidence"], Is.EqualTo("AKIA********"));
        Assert.That((bool?)secret["blocking"], Is.True);
        Assert.That(secret["suppression"], Is.Null);
        Assert.That((string?)ignored["suppression"]!["kind"], Is.EqualTo("inSource"));
        Assert.That((string?)ignored["suppression"]!["source"], Is.EqualTo("inline"));
        Assert.That((string?)ignored["suppression"]!["justification"], Is.EqualTo("Test fixture with a revoked token."));
        Assert.That((bool?)ignored["blocking"], Is.False);
    }

    [Test]
    public void Write_MaskedEvidence_StaysMasked()
    {
        Assert.That(JsonText(SampleReports.Mixed()), Does.Not.Contain(SampleReports.RawSecret));
    }

    [Test]
    public void Write_NothingBlocks_ReportsPassAndNone()
    {
        var report = Some.Report([Some.Gate(findings: [])], failOn: null);

        var decision = Parse(report)["decision"]!;

        Assert.That((string?)decision["result"], Is.EqualTo("pass"));
        Assert.That((string?)decision["failOn"], Is.EqualTo("none"));
    }

    [Test]
    public async Task PublishAsync_Path_WritesTheDocument()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "reports", "mlsecops.json");

        await new JsonFilePublisher(path).PublishAsync(SampleReports.Mixed(), CancellationToken.None);

        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(JsonText(SampleReports.Mixed())));
    }

    private static string JsonText(ScanReport report)
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(report, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static JsonNode Parse(ScanReport report) => JsonNode.Parse(JsonText(report))!;
}
