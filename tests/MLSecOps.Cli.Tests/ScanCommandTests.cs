using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

public sealed class ScanCommandTests
{
    private TempDirectory _repo = null!;

    [SetUp]
    public void SetUp()
    {
        _repo = new TempDirectory();
        _repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        _repo.Write("app/data/a.csv", "fine\nBAD\n");
    }

    [TearDown]
    public void TearDown() => _repo.Dispose();

    [Test]
    public async Task Scan_BlockingFinding_ExitsOne()
    {
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app", "--platform", "none");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Out, Does.Contain("HIGH DAT999 app/data/a.csv:2"));
        Assert.That(run.Out, Does.Contain("Decision: FAIL (1 blocking, fail-on high)"));
    }

    [Test]
    public async Task Scan_FailOnCritical_ExitsZero()
    {
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app", "--fail-on", "critical");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
    }

    [Test]
    public async Task Scan_MisspelledPolicyKey_ExitsTwoWithLocatedHint()
    {
        // Given a policy with a typo on line 3
        _repo.Write("app/.mlsecops.yml", "version: 1\ngates:\n  data-check: { pahts: [\"data/**\"] }\n");

        // When
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app");

        // Then one line, file:line:col, and the fix
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: app/.mlsecops.yml:3:17: unknown key 'pahts'; did you mean 'paths'?"));
    }

    [Test]
    public async Task Scan_MissingPath_ExitsTwoWithOneLine()
    {
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "nope");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: nope: path not found; pass a folder or file inside your repository (default: the current folder)"));
    }

    [Test]
    public async Task Scan_UnknownOption_ExitsTwo()
    {
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "--fail-on", "severe");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error, Does.StartWith("mlsecops: Argument 'severe' not recognized."));
        Assert.That(run.Error.Trim(), Does.Not.Contain("\n"));
    }

    [Test]
    public async Task Scan_BadShard_ExitsTwo()
    {
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app", "--shard", "5/4");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: --shard '5/4': write it as i/n with 1 <= i <= n, such as 2/4"));
    }

    [Test]
    public async Task Baseline_ThenScanWithIt_Passes()
    {
        // Given a baseline of the current findings
        var recorded = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "baseline", "app", "-o", "baseline.json");
        Assert.That(recorded.ExitCode, Is.EqualTo(0), recorded.Error);

        // When the known finding moves and the scan uses the baseline
        _repo.Write("app/data/a.csv", "fine\nmore\nBAD\n");
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app", "--baseline", "baseline.json");

        // Then it passes; a new finding would still block
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        _repo.Write("app/data/b.csv", "BAD again\n");
        var again = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app", "--baseline", "baseline.json");
        Assert.That(again.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public async Task Scan_GateCrashes_FailsClosedNotCrashes()
    {
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate { Throws = new InvalidOperationException("boom") }], "scan", "app");

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.Error, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task Scan_DisabledGate_IsSkippedByScanButRunsByName()
    {
        _repo.Write("app/.mlsecops.yml", "gates:\n  data-check: { enabled: false }\n");

        var all = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app");
        var one = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "data-check", "app");

        Assert.That(all.ExitCode, Is.EqualTo(0));
        Assert.That(one.ExitCode, Is.EqualTo(1));
    }
}
