using System.Diagnostics;
using System.Text;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Markdown;
using MLSecOps.Reporting.Text;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests;

public sealed class MarkdownSummaryWriterTests
{
    [Test]
    public void Write_MixedReport_MatchesGoldenFile()
    {
        Golden.AssertMatches("mixed.md", MarkdownSummaryWriter.ToMarkdown(SampleReports.Mixed()));
    }

    [Test]
    public void Write_FailingReport_HeadlineStatesDecisionAndFailOn()
    {
        var markdown = MarkdownSummaryWriter.ToMarkdown(SampleReports.Mixed());

        Assert.That(markdown, Does.StartWith("## MLSecOps Gates: FAIL\n"));
        Assert.That(markdown, Does.Contain("**Decision: fail** (fail-on `high`): 2 blocking findings; 5 findings, 2 suppressed."));
    }

    [Test]
    public void Write_NoFindings_SaysSoAndPasses()
    {
        var markdown = MarkdownSummaryWriter.ToMarkdown(Some.Report(Some.Gate(findings: [])));

        Assert.That(markdown, Does.StartWith("## MLSecOps Gates: PASS\n"));
        Assert.That(markdown, Does.Contain("no blocking findings"));
        Assert.That(markdown, Does.EndWith("No findings.\n"));
    }

    [Test]
    public void Write_MixedReport_CountsEachGateBySeverity()
    {
        var markdown = MarkdownSummaryWriter.ToMarkdown(SampleReports.Mixed());

        Assert.That(markdown, Does.Contain("| model-scan | build | 4 | 1 | 0 | 1 | 1 | 0 | 1 | 1 |"));
        Assert.That(markdown, Does.Contain("| data-check | data | 2 | 0 | 1 | 0 | 0 | 1 | 1 | 1 |"));
        Assert.That(markdown, Does.Contain("| **Total** |  | 6 | 1 | 1 | 1 | 1 | 1 | 2 | 2 |"));
    }

    [Test]
    public void Write_MixedReport_ListsTopFindingsMostSevereFirstAndSuppressions()
    {
        var lines = MarkdownSummaryWriter.ToMarkdown(SampleReports.Mixed()).Split('\n');
        var top = lines.SkipWhile(l => l != "### Top findings").Skip(4).TakeWhile(l => l.Length > 0).ToList();

        Assert.That(top.Select(l => l.Split(" | ")[1]), Is.EqualTo(new[] { "[MOD001](https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#mod001)", "[DAT001](https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#dat001)", "[MOD002](https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#mod002)", "[POL001](https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#pol001)", "[DAT002](https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#dat002)" }));
        Assert.That(top[0], Does.StartWith("| critical (blocking) |").And.Contain("| models/classifier.pkl:1 |"));
        Assert.That(lines, Does.Contain("| [MOD001](https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#mod001) | models/legacy.pkl:1 | waiver | Legacy model, replaced in Q3 (JIRA-123). |"));
    }

    [Test]
    public void Write_PipeInPath_IsEscapedInItsCell()
    {
        var markdown = MarkdownSummaryWriter.ToMarkdown(SampleReports.Mixed());

        Assert.That(markdown, Does.Contain("| models/weird model\\|v2.bin:1 |"));
    }

    [Test]
    public void Write_MaskedEvidence_StaysMasked()
    {
        Assert.That(MarkdownSummaryWriter.ToMarkdown(SampleReports.Mixed()), Does.Not.Contain(SampleReports.RawSecret));
    }

    [Test]
    public void Write_MoreThanTopFindings_PutsTheRestInDetails()
    {
        var markdown = MarkdownSummaryWriter.ToMarkdown(SampleReports.Many(25), new MarkdownSummaryOptions { TopFindings = 20 });

        Assert.That(markdown, Does.Contain("<details>\n<summary>5 more findings</summary>\n"));
        Assert.That(markdown, Does.Contain("models/m000024.pkl:1"));
        Assert.That(markdown, Does.EndWith("</details>\n\n"));
        Assert.That(markdown, Does.Not.Contain("Truncated"));
    }

    [Test]
    public void Write_FiftyThousandFindings_StaysUnderOneMebibyteWithNote()
    {
        var report = SampleReports.Many(50_000, suppressed: 1_000);
        var watch = Stopwatch.StartNew();

        var markdown = MarkdownSummaryWriter.ToMarkdown(report, new MarkdownSummaryOptions { SarifPath = "/out/mlsecops.sarif", JsonPath = "/out/mlsecops.json" });

        watch.Stop();
        TestContext.Out.WriteLine($"50,000 findings summarised in {watch.ElapsedMilliseconds} ms, {Encoding.UTF8.GetByteCount(markdown)} bytes");
        var bytes = Encoding.UTF8.GetByteCount(markdown);
        Assert.That(bytes, Is.LessThan(MarkdownSummaryOptions.GitHubStepSummaryLimit).And.GreaterThan(MarkdownSummaryOptions.GitHubStepSummaryLimit - 8192));
        var listed = markdown.Split('\n').Count(l => l.Contains("models/m0", StringComparison.Ordinal));
        Assert.That(markdown, Does.Contain($"> **Truncated:** {50_000 - listed} of 50000 findings are not listed here, to keep this summary under 1048576 bytes. All findings are in the SARIF file mlsecops.sarif and the JSON report mlsecops.json."));
        Assert.That(markdown, Does.Contain("</details>\n\n> **Truncated:**"));
    }

    [Test]
    public void Write_TinyBudget_KeepsHeadlineAndNoteWithinLimit()
    {
        var markdown = MarkdownSummaryWriter.ToMarkdown(SampleReports.Many(100), new MarkdownSummaryOptions { MaxBytes = 2000 });

        Assert.That(Encoding.UTF8.GetByteCount(markdown), Is.LessThanOrEqualTo(2000));
        Assert.That(markdown, Does.StartWith("## MLSecOps Gates: FAIL\n"));
    }

    [Test]
    public void WriteGate_OneGate_SummarisesOnlyThatGate()
    {
        using var writer = new StringWriter();

        MarkdownSummaryWriter.WriteGate(SampleReports.Mixed(), "data-check", writer, new MarkdownSummaryOptions { MaxBytes = MarkdownSummaryOptions.CheckRunTextLimit, HeadingLevel = 3 });

        var markdown = writer.ToString();
        Assert.That(markdown, Does.StartWith("### MLSecOps Gates data-check: FAIL\n"));
        Assert.That(markdown, Does.Contain("1 blocking finding;"));
        Assert.That(markdown, Does.Contain("DAT001").And.Not.Contain("MOD001"));
    }

    [Test]
    public void WriteGate_UnknownGate_Throws()
    {
        using var writer = new StringWriter();

        Assert.That(() => MarkdownSummaryWriter.WriteGate(SampleReports.Mixed(), "nope", writer), Throws.ArgumentException);
    }

    [TestCase("a|b", "a\\|b")]
    [TestCase("`rm -rf`", "\\`rm -rf\\`")]
    [TestCase("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [TestCase("line1\nline2\r\n", "line1 line2  ")]
    [TestCase("**bold** _it_ [x](y) @org/team #1", "\\*\\*bold\\*\\* \\_it\\_ \\[x\\](y) &#64;org/team \\#1")]
    [TestCase("a & b", "a &amp; b")]
    [TestCase(null, "")]
    [TestCase("model\u202Elkp.exe", "model\\u202Elkp.exe")]
    public void Cell_UntrustedText_RendersLiterally(string? text, string expected)
    {
        Assert.That(MarkdownText.Cell(text), Is.EqualTo(expected));
    }

    [Test]
    public void Cell_LongText_IsCutWithEllipsisWithoutSplittingSurrogates()
    {
        var text = new string('a', 9) + "\U0001F600" + "tail";

        Assert.That(MarkdownText.Cell(text, 10), Is.EqualTo(new string('a', 9) + "\u2026"));
    }

    [Test]
    public async Task PublishAsync_Append_AddsToExistingStepSummaryWithinLimit()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("step_summary.md", "# Earlier step\n");
        var publisher = new MarkdownSummaryFilePublisher(path, new MarkdownSummaryOptions { MaxBytes = 4000 }, append: true);

        await publisher.PublishAsync(SampleReports.Many(200), CancellationToken.None);

        var text = await File.ReadAllTextAsync(path);
        Assert.That(text, Does.StartWith("# Earlier step\n## MLSecOps Gates: FAIL\n"));
        Assert.That(Encoding.UTF8.GetByteCount(text), Is.LessThanOrEqualTo(4000));
        Assert.That(text, Does.Contain("> **Truncated:**"));
    }

    [Test]
    public async Task PublishAsync_Replace_WritesTheSummary()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("summary.md", "old");

        await new MarkdownSummaryFilePublisher(path).PublishAsync(SampleReports.Mixed(), CancellationToken.None);

        Assert.That(await File.ReadAllTextAsync(path), Is.EqualTo(MarkdownSummaryWriter.ToMarkdown(SampleReports.Mixed())));
    }
}
