using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Text;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests;

public sealed class ConsoleFindingPublisherTests
{
    [Test]
    public async Task PublishAsync_Plain_GroupsByFileMostSevereFirstWithFixHelpAndTotals()
    {
        using var writer = new StringWriter();

        await new ConsoleFindingPublisher(writer, plain: true).PublishAsync(SampleReports.Mixed(), CancellationToken.None);

        Assert.That(writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[]
        {
            "models/classifier.pkl (1 finding: 1 critical)",
            "  CRITICAL MOD001 models/classifier.pkl:1 Pickle imports os.system, which runs code on load.",
            "      fix: Load weights with safetensors instead, or allow the global in .mlsecops.yml. https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#mod001",
            "data/train.csv (2 findings: 1 high, 1 info)",
            "  HIGH DAT001 data/train.csv:42:17 Column 'notes' holds an AWS access key AKIA********.",
            "      fix: Remove the secret, rotate it, and rewrite history. https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#dat001",
            "  INFO DAT002 data/train.csv:1 No data card found for data/train.csv.",
            "      fix: Add a data card next to the data set. https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#dat002",
            "models/weird model|v2.bin (1 finding: 1 medium)",
            "  MEDIUM MOD002 models/weird model|v2.bin:1 Unknown model format (first bytes 0x00 0x01).",
            "      fix: Convert the model to a supported format. https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#mod002",
            ".mlsecops.yml (1 finding: 1 low)",
            "  LOW POL001 .mlsecops.yml:12 Waiver for MOD001 on models/old.pkl expired on 2025-12-31.",
            "      fix: Renew the waiver with a new expiry date, or fix the finding. https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#pol001",
            "Totals: 5 findings (1 critical, 1 high, 1 medium, 1 low, 1 info), 2 suppressed, 2 blocking",
            "model-scan: 3 findings (1 critical, 1 medium, 1 low), 1 suppressed, 1 blocking; 4 files in 0.25 s",
            "data-check: 2 findings (1 high, 1 info), 1 suppressed, 1 blocking; 2 files in 0.04 s",
            "Top files: data/train.csv (2), .mlsecops.yml (1), models/classifier.pkl (1)",
            "Decision: FAIL (2 blocking, fail-on high)",
        }));
    }

    [Test]
    public async Task PublishAsync_SameRuleTwiceInAFile_GivesTheFixOnceAndGroupsByResource()
    {
        // Given two resources in one manifest, the low one first in the file, and one rule hit twice
        var rule = Some.Rule("DEP013", Severity.Low);
        var high = Some.Rule("DEP001", Severity.High);
        var findings = new[]
        {
            Some.Evaluated(Some.Finding(rule, "k8s/app.yaml", 5, "Container 'a' may run as root.", "a", logicalPath: "Deployment/a > spec.containers[0]")),
            Some.Evaluated(Some.Finding(rule, "k8s/app.yaml", 9, "Container 'b' may run as root.", "b", logicalPath: "Deployment/a > spec.containers[1]")),
            Some.Evaluated(Some.Finding(high, "k8s/app.yaml", 30, "Container 'c' is privileged.", "c", logicalPath: "Job/c > spec.containers[0]")),
        };
        using var writer = new StringWriter();

        // When
        await new ConsoleFindingPublisher(writer).PublishAsync(Some.Report(Some.Gate("deploy-audit", "deploy", findings)), CancellationToken.None);

        // Then the more severe resource comes first and DEP013's fix is printed once
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Take(7).Select(l => l.Split(" http")[0]), Is.EqualTo(new[]
        {
            "k8s/app.yaml (3 findings: 1 high, 2 low)",
            " Job/c",
            "  HIGH DEP001 k8s/app.yaml:30 Container 'c' is privileged.",
            $"      fix: {RuleAdvice.Fix(high)}",
            " Deployment/a",
            "  LOW DEP013 k8s/app.yaml:5 Container 'a' may run as root.",
            $"      fix: {RuleAdvice.Fix(rule)}",
        }));
        Assert.That(lines[7], Is.EqualTo("  LOW DEP013 k8s/app.yaml:9 Container 'b' may run as root."));
    }

    [Test]
    public async Task PublishAsync_ManyFindings_WritesEveryLineInOrder_InFewWrites()
    {
        // Given 3,000 findings in 3,000 files (about 700 KB of text)
        var report = SampleReports.Many(3_000);
        using var expected = new StringWriter();
        foreach (var finding in report.AllFindings.OrderBy(f => f.Finding.Location.Path, StringComparer.Ordinal))
        {
            expected.Write($"{finding.Finding.Location.Path} (1 finding: 1 high)\n  HIGH MOD001 {finding.Finding.Location} {finding.Finding.Message}\n");
            expected.Write($"      fix: {RuleAdvice.Fix(finding.Finding.Rule)} {finding.Finding.Rule.HelpUri}\n\n");
        }

        using var writer = new CountingWriter();

        // When
        await new ConsoleFindingPublisher(writer).PublishAsync(report, CancellationToken.None);

        // Then nothing is lost or reordered at chunk boundaries, and the text reaches the writer in chunks, not a call per line
        var text = writer.ToString();
        Assert.That(text, Does.StartWith(expected.ToString().TrimEnd('\n') + "\n\nTotals: 3000 findings (3000 high), 0 suppressed, 3000 blocking\n"));
        Assert.That(text, Does.EndWith("Decision: FAIL (3000 blocking, fail-on high)\n"));
        Assert.That(writer.Writes, Is.InRange(1, 40));
    }

    [Test]
    public async Task PublishAsync_Verbose_AddsTheDescriptionToEveryFinding()
    {
        using var writer = new StringWriter();

        await new ConsoleFindingPublisher(writer, verbose: true).PublishAsync(SampleReports.Mixed(), CancellationToken.None);

        Assert.That(writer.ToString(), Does.Contain("  CRITICAL MOD001 models/classifier.pkl:1 Pickle imports os.system, which runs code on load.\n      why: The pickle stream imports a callable such as os.system that runs code when the model is loaded.\n      fix: Load weights"));
    }

    [Test]
    public async Task PublishAsync_Colour_WrapsSeverityInAnsiCodes()
    {
        using var writer = new StringWriter();

        await new ConsoleFindingPublisher(writer, plain: false).PublishAsync(SampleReports.Mixed(), CancellationToken.None);

        Assert.That(writer.ToString(), Does.Contain("\n  \u001b[1;31mCRITICAL\u001b[0m MOD001 "));
    }

    [Test]
    public async Task PublishAsync_Plain_HasNoEscapeCodes()
    {
        using var writer = new StringWriter();

        await new ConsoleFindingPublisher(writer, plain: true).PublishAsync(SampleReports.Mixed(), CancellationToken.None);

        Assert.That(writer.ToString(), Does.Not.Contain("\u001b"));
    }

    [Test]
    public async Task PublishAsync_HostileMessage_CannotStartALineOrCommand()
    {
        var rule = Some.Rule("DEP001", Severity.High);
        var finding = Some.Finding(rule, "k8s/a.yaml", 3, "bad\n##vso[task.complete result=Succeeded]done\n::error::x");
        using var writer = new StringWriter();

        await new ConsoleFindingPublisher(writer).PublishAsync(Some.Report(Some.Gate("deploy-audit", "deploy", [Some.Evaluated(finding)])), CancellationToken.None);

        var line = writer.ToString().Split('\n')[1];
        Assert.That(line, Is.EqualTo("  HIGH DEP001 k8s/a.yaml:3 bad\\n## vso[task.complete result=Succeeded]done\\n::error::x"));
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

    /// <summary>A string writer that counts the calls that hand it text.</summary>
    private sealed class CountingWriter : StringWriter
    {
        public int Writes { get; private set; }

        public override void Write(char value)
        {
            Writes++;
            base.Write(value);
        }

        public override void Write(string? value)
        {
            Writes++;
            base.Write(value);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Writes++;
            base.Write(buffer);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Writes++;
            base.Write(buffer, index, count);
        }

        public override void WriteLine(string? value)
        {
            Writes++;
            base.WriteLine(value);
        }
    }
}
