using MLSecOps.Core.Gates;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.SourceReferences;

/// <summary>MOD159: files that cannot be read fully are reported (fail closed), never a crash, and what could be read is still checked.</summary>
public sealed class SourceNotCheckedTests
{
    [Test]
    public async Task Scan_UnterminatedString_ReportsLowAtTheLineAndKeepsEarlierFindings()
    {
        var findings = await SourceFixture.ScanAsync("malformed/unterminated.py");

        Assert.That(findings, Is.EqualTo(new[] { "MOD152 2:9 medium", "MOD159 3:- low" }));
    }

    [TestCase("malformed/python2.py", "MOD159 2:- low")]
    [TestCase("malformed/broken.ipynb", "MOD159 1:- low")]
    public async Task Scan_Unreadable_ReportsNotChecked(string fixture, string expected)
    {
        var findings = await SourceFixture.ScanAsync(fixture);

        Assert.That(findings, Is.EqualTo(new[] { expected }));
    }

    [Test]
    public async Task Scan_FileOverTheSizeCap_ReportsMediumWithoutReadingIt()
    {
        using var folder = new TempDirectory();
        var path = folder.Write("huge.py", "x = 1\n" + new string('#', 5 * 1024 * 1024));

        var findings = await GateHarness.RunAsync(new ModelScanGate(), folder.Path, [new ScanFile(path, "huge.py", new FileInfo(path).Length)]);

        Assert.That(SourceFixture.Describe(findings), Is.EqualTo(new[] { "MOD159 1:- medium" }));
        Assert.That(findings[0].Message, Does.Contain("larger than 4 MiB"));
    }

    [TestCase("deep-brackets", 200_000)]
    [TestCase("deep-fstrings", 5_000)]
    [TestCase("deep-targets", 50_000)]
    public async Task Scan_HostileNesting_FinishesWithAFindingNotACrash(string shape, int depth)
    {
        // Deep nesting must neither overflow the stack nor take quadratic time.
        var code = shape switch
        {
            "deep-brackets" => "import torch\nx = " + string.Concat(Enumerable.Repeat("f(", depth)) + "torch.load(p)" + new string(')', depth) + "\n",
            "deep-fstrings" => "x = " + string.Concat(Enumerable.Repeat("f\"{", depth)) + "1" + string.Concat(Enumerable.Repeat("}\"", depth)) + "\n",
            _ => string.Concat(Enumerable.Repeat("(a, ", depth)) + "b" + new string(')', depth) + " = 1, 2\n",
        };
        using var folder = new TempDirectory();
        var path = folder.Write("deep.py", code);

        var findings = await GateHarness.RunAsync(new ModelScanGate(), folder.Path, [new ScanFile(path, "deep.py", new FileInfo(path).Length)]);

        var expected = shape switch
        {
            "deep-brackets" => new[] { "MOD152 2:" + (5 + (2 * depth)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " medium" },
            "deep-fstrings" => ["MOD159 1:- medium"],
            _ => [],
        };
        Assert.That(SourceFixture.Describe(findings), Is.EqualTo(expected));
    }
}
