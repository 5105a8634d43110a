using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using MLSecOps.Reporting.Json;
using MLSecOps.Reporting.Markdown;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests;

public sealed class HostileContentTests
{
    [Test]
    public void Sarif_HostileReport_MatchesGoldenFileAndSchema()
    {
        var text = SarifReportWriterTests.SarifText(SampleReports.Hostile());

        Golden.AssertMatches("hostile.sarif", text.Replace(new Uri(Path.GetFullPath("/repo") + Path.DirectorySeparatorChar).AbsoluteUri, "file:///repo/", StringComparison.Ordinal));
        var schema = JsonSchema.FromFile(FixturePaths.Schema("sarif-2.1.0.json"));
        Assert.That(schema.Evaluate(JsonNode.Parse(text)).IsValid, Is.True);
    }

    [Test]
    public void Sarif_HostilePath_IsOneEncodedRelativeUri()
    {
        var result = JsonNode.Parse(SarifReportWriterTests.SarifText(SampleReports.Hostile()))!["runs"]![1]!["results"]![0]!;

        Assert.That(
            (string?)result["locations"]![0]!["physicalLocation"]!["artifactLocation"]!["uri"],
            Is.EqualTo("deploy/a%3Bb%5D%250A%23%23vso%5Btask.complete%20result%3DSucceeded%5Dx%20%7C%20%3Cb%3E.yaml"));
    }

    [Test]
    public void Markdown_HostileReport_MatchesGoldenFile()
    {
        var markdown = MarkdownSummaryWriter.ToMarkdown(SampleReports.Hostile());

        Golden.AssertMatches("hostile.md", markdown);
        Assert.That(markdown, Does.Not.Contain("<img").And.Not.Contain("<b>").And.Not.Contain("@admins"));
        var row = markdown.Split('\n').Single(l => l.StartsWith("| high", StringComparison.Ordinal));
        Assert.That(Regex.Count(row, @"(?<!\\)\|"), Is.EqualTo(5), "the row keeps exactly four cells");
    }

    [Test]
    public void Json_HostileReport_RoundTripsTheRawText()
    {
        using var stream = new MemoryStream();
        JsonReportWriter.Write(SampleReports.Hostile(), stream);

        var finding = JsonNode.Parse(Encoding.UTF8.GetString(stream.ToArray()))!["gates"]![1]!["findings"]![0]!;

        Assert.That((string?)finding["location"]!["path"], Is.EqualTo("deploy/a;b]%0A##vso[task.complete result=Succeeded]x | <b>.yaml"));
        Assert.That((string?)finding["message"], Does.Contain("\n::error::injected\n"));
    }

    [Test]
    public async Task Console_HostileReport_PrintsOneDefusedLine()
    {
        using var writer = new StringWriter();

        await new ConsoleFindingPublisher(writer).PublishAsync(SampleReports.Hostile(), CancellationToken.None);

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[1], Is.EqualTo("  HIGH DEP001 deploy/a;b]%0A## vso[task.complete result=Succeeded]x | <b>.yaml:7:14 Image `evil:latest` | <img src=x onerror=alert(1)>\\n::error::injected\\n## vso[task.setvariable variable=decision]pass @admins"));
        Assert.That(lines, Has.Length.EqualTo(8));
        Assert.That(lines.Where(l => l.Contains("##vso[", StringComparison.OrdinalIgnoreCase) || l.StartsWith("::", StringComparison.Ordinal)), Is.Empty);
    }
}
