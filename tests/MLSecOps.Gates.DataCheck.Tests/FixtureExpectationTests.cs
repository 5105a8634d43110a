using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DataCheck.Tests;

/// <summary>Every fixture written by tests/fixtures/data-check/generate.py raises exactly the rules expected.json lists; look-alikes raise nothing.</summary>
public sealed class FixtureExpectationTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        var expected = JsonSerializer.Deserialize<Dictionary<string, string[]>>(File.ReadAllText(Path.Combine(DataCheckFixture.Root, "expected.json")))!;
        return expected.Select(e => new TestCaseData(e.Key, e.Value).SetArgDisplayNames(e.Key));
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Fixture_RaisesExactlyTheExpectedRules(string path, string[] rules)
    {
        var findings = await DataCheckFixture.ScanAsync(path);

        Assert.That(findings.Select(f => f.Rule.Id).Distinct().Order(StringComparer.Ordinal), Is.EqualTo(rules), string.Join("\n", findings.Select(f => f.Message)));
    }

    [Test]
    public async Task DocumentedExampleKey_IsInfoOnly()
    {
        var findings = await DataCheckFixture.ScanAsync("secrets/aws-example.pass.jsonl");

        Assert.That(findings.Select(f => f.Severity), Is.EqualTo(new[] { Severity.Info }));
    }

    [Test]
    public async Task LargeFile_OverMaxBytes_IsIncompleteNamingBytesRead()
    {
        using var repo = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(repo.Path, "large.txt"), string.Concat(Enumerable.Repeat("harmless line of text\n", 60000)));

        var findings = await DataCheckFixture.ScanAsync("large.txt", GateHarness.Settings(("max-bytes", 1)), repo.Path);

        var finding = findings.Single(f => f.Rule.Id == "DAT001");
        Assert.That(finding.Message, Does.Contain("only the first 1,048,576 of 1,320,000 bytes were read"));
    }

    [Test]
    public async Task PersonalData_AggregatesPerColumnWithShareAndFirstPosition()
    {
        var findings = await DataCheckFixture.ScanAsync("pii/email.fail.csv");

        var finding = findings.Single();
        Assert.That(finding.Message, Is.EqualTo("1 e-mail address value in `contact` (1 of 2 rows, 50.0 %); first at line 2, column 3: j***@gmail.com."));
        Assert.That((finding.Location.StartLine, finding.Location.StartColumn, finding.Location.LogicalPath), Is.EqualTo((2, 3, "contact")));
    }

    [Test]
    public async Task HiddenTagCharacters_AreShownEscapedAndDecoded()
    {
        var findings = await DataCheckFixture.ScanAsync("injection/hidden.fail.txt");

        var tags = findings.Single(f => f.Message.Contains("tag characters", StringComparison.Ordinal));
        Assert.That(tags.Severity, Is.EqualTo(Severity.High));
        Assert.That(tags.Evidence, Does.StartWith("\\U000E0069\\U000E0067").And.Contain("hidden text: \"ignore rules\""));
        Assert.That(tags.Message.Any(c => c >= 0xD800 && c <= 0xDFFF), Is.False);
    }

    [Test]
    public async Task BackdoorTrigger_NamesTheTokenAndItsLabel()
    {
        var findings = await DataCheckFixture.ScanAsync("poisoning/trigger.fail.csv");

        var trigger = findings.Single(f => f.Rule.Id == "DAT041");
        Assert.That(trigger.Evidence, Is.EqualTo("`cf` → 1"));
        Assert.That(trigger.Location.StartLine, Is.EqualTo(802));
        var conflict = findings.Single(f => f.Rule.Id == "DAT040");
        Assert.That(conflict.Message, Does.Contain("line 833").And.Contain("line 832"));
    }

    [Test]
    public async Task BackdoorTrigger_InJsonLinesRecords_NamesTheTokenAndItsLine()
    {
        var findings = await DataCheckFixture.ScanAsync("poisoning/trigger.fail.jsonl");

        var trigger = findings.Single(f => f.Rule.Id == "DAT041");
        Assert.That(trigger.Evidence, Is.EqualTo("`cf` → 1"));
        Assert.That(trigger.Location.StartLine, Is.EqualTo(801));
        Assert.That(findings.Single(f => f.Rule.Id == "DAT040").Message, Does.Contain("line 832").And.Contain("line 831"));
    }

    [Test]
    public async Task MultiTokenTrigger_IsReportedAsTheWordPairOnly()
    {
        var findings = await DataCheckFixture.ScanAsync("poisoning/pair.fail.csv");

        var trigger = findings.Single(f => f.Rule.Id == "DAT041");
        Assert.That(trigger.Evidence, Is.EqualTo("`james bond` → 1"));
        Assert.That(trigger.Message, Does.StartWith("Word pair `james bond` appears in 30 of 1030 rows"));
    }

    [Test]
    public async Task NumericOutlier_IsInfoWithTheValueMedianAndLine()
    {
        var findings = await DataCheckFixture.ScanAsync("poisoning/outlier.fail.csv");

        var outlier = findings.Single();
        Assert.That(outlier.Rule.Id, Is.EqualTo("DAT043"));
        Assert.That(outlier.Severity, Is.EqualTo(Severity.Info));
        Assert.That(outlier.Location.StartLine, Is.EqualTo(152));
        Assert.That(outlier.Message, Does.StartWith("Column `amount` holds 2.5E+07 at line 152,").And.Contain("from its median 54.5 (median absolute deviation 22.5, from 300 sampled of 300 values"));
    }

    [Test]
    public async Task TamperedDvcFile_NamesBothHashes()
    {
        var findings = await DataCheckFixture.ScanAsync("integrity/tampered.fail.dvc");

        Assert.That(findings.Single().Message, Does.Contain("has md5 ").And.Contain("but its pointer records 919c8b64"));
    }

    [Test]
    public async Task ZipMemberEscapingTheFolder_IsNotScannedAndReported()
    {
        var findings = await DataCheckFixture.ScanAsync("compressed/bundle.fail.zip");

        Assert.That(findings.Single(f => f.Rule.Id == "DAT001").Location.LogicalPath, Is.EqualTo("../escape.csv"));
        Assert.That(findings.Single(f => f.Rule.Id == "DAT010").Location.LogicalPath, Is.EqualTo("users.csv > contact"));
    }
}
