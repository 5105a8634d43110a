using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Text;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests;

public sealed class ConsoleFindingPublisherTests
{
    [Test]
    public async Task PublishAsync_Plain_PrintsFindingsGateCountsAndDecision()
    {
        using var writer = new StringWriter();

        await new ConsoleFindingPublisher(writer, plain: true).PublishAsync(SampleReports.Mixed(), CancellationToken.None);

        Assert.That(writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "CRITICAL MOD001 models/classifier.pkl:1 Pickle imports os.system, which runs code on load.",
            "HIGH DAT001 data/train.csv:42:17 Column 'notes' holds an AWS access key AKIA********.",
            "MEDIUM MOD002 models/weird model|v2.bin:1 Unknown model format (first bytes 0x00 0x01).",
            "LOW POL001 .mlsecops.yml:12 Waiver for MOD001 on models/old.pkl expired on 2025-12-31.",
            "INFO DAT002 data/train.csv:1 No data card found for data/train.csv.",
            "model-scan: 3 findings (1 critical, 1 medium, 1 low), 1 suppressed, 1 blocking; 4 files in 0.25 s",
            "data-check: 2 findings (1 high, 1 info), 1 suppressed, 1 blocking; 2 files in 0.04 s",
            "Decision: FAIL (2 blocking, fail-on high)",
        }));
    }

    [Test]
    public async Task PublishAsync_Colour_WrapsSeverityInAnsiCodes()
    {
        using var writer = new StringWriter();

        await new ConsoleFindingPublisher(writer, plain: false).PublishAsync(SampleReports.Mixed(), CancellationToken.None);

        Assert.That(writer.ToString(), Does.StartWith("\u001b[1;31mCRITICAL\u001b[0m MOD001 "));
    }

    [Test]
    public async Task PublishAsync_HostileMessage_CannotStartALineOrCommand()
    {
        var rule = Some.Rule("DEP001", Severity.High);
        var finding = Some.Finding(rule, "k8s/a.yaml", 3, "bad\n##vso[task.complete result=Succeeded]done\n::error::x");
        using var writer = new StringWriter();

        await new ConsoleFindingPublisher(writer).PublishAsync(Some.Report(Some.Gate("deploy-audit", "deploy", [Some.Evaluated(finding)])), CancellationToken.None);

        var first = writer.ToString().Split('\n')[0];
        Assert.That(first, Is.EqualTo("HIGH DEP001 k8s/a.yaml:3 bad\\n## vso[task.complete result=Succeeded]done\\n::error::x"));
    }

    [TestCase("x##VSO[task.setvariable variable=a]b", "x## VSO[task.setvariable variable=a]b")]
    [TestCase("##[error]boom", "## [error]boom")]
    [TestCase("tab\there\u0000", "tab here ")]
    [TestCase("fine # text", "fine # text")]
    [TestCase("#\u200B#vso[task.complete]x", "#\\u200B#vso[task.complete]x")]
    [TestCase("evil\u202Etxt.exe", "evil\\u202Etxt.exe")]
    public void SingleLine_Text_IsDefused(string text, string expected)
    {
        Assert.That(PlainText.SingleLine(text), Is.EqualTo(expected));
    }
}
