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
        _repo.Write("app/.mlsecops.yml", "version: 1\ngates:\n  data-check: { enabled: false }\n");

        var all = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app");
        var one = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "data-check", "app");

        Assert.That(all.ExitCode, Is.EqualTo(0));
        Assert.That(one.ExitCode, Is.EqualTo(1));
    }

    [Test]
    public async Task Scan_Subfolder_UsesThePolicyOfTheRepositoryRootAndSaysSo()
    {
        // Given a root policy that relaxes fail-on, and a scan of a subfolder that has none
        _repo.Write(".mlsecops.yml", "version: 1\nfail-on: critical\n");

        // When
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app/data");

        // Then the root policy applies and the progress line names it
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
        Assert.That(run.Error, Does.Contain("policy .mlsecops.yml"));
    }

    [Test]
    public async Task Scan_PolicyAboveTheScannedFolder_KeepsItsGlobsRelativeToItsOwnFolder()
    {
        // Given a root policy whose waiver names a repository path
        _repo.Write(".mlsecops.yml", "version: 1\nwaivers:\n  - rule: DAT999\n    paths: [\"app/data/**\"]\n    reason: test data\n    expires: 2099-01-01\n");

        // When a subfolder is scanned
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app");

        // Then the waiver still matches
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
    }

    [Test]
    public async Task Scan_NoPolicyUpToTheRoot_SaysTheBuiltInPolicyIsUsed()
    {
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app");

        Assert.That(run.Error, Does.Contain("built-in default policy: no .mlsecops.yml up to the repository root"));
    }

    [Test]
    public async Task Scan_PolicyAboveTheRepositoryRoot_IsNotUsed()
    {
        // Given a policy outside the repository (its parent folder)
        using var outer = new TempDirectory();
        outer.Write(".mlsecops.yml", "version: 1\nfail-on: none\n");
        outer.Write("repo/.git/HEAD", "ref: refs/heads/main\n");
        outer.Write("repo/data/a.csv", "BAD\n");

        // When
        var run = await CliRun.InvokeAsync(Path.Combine(outer.Path, "repo"), null, [new TestGate()], "scan", "data");

        // Then
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
    }

    [Test]
    public async Task Scan_GatePathsMatchNothingButTheGateUnderstandsOtherFiles_ReportsPol004NamingThem()
    {
        // Given a policy pointing the gate at a folder that does not exist, while .csv files live elsewhere
        _repo.Write("app/.mlsecops.yml", "version: 1\ngates:\n  data-check: { paths: [\"datasets/**\"] }\n");
        var gate = new TestGate { Understood = [".csv"] };

        // When
        var run = await CliRun.InvokeAsync(_repo.Path, null, [gate], "scan", "app", "--platform", "none");

        // Then one low finding names the files the gate could have checked; it does not block
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
        Assert.That(run.Out, Does.Contain("  LOW POL007 app/.mlsecops.yml:1 Gate data-check checked no file: its paths (datasets/**) match nothing, but it can check app/data/a.csv."));
    }

    [Test]
    public async Task Scan_GatePathsMatchNothingAndNothingElseToCheck_ReportsNothing()
    {
        _repo.Write("app/.mlsecops.yml", "version: 1\ngates:\n  data-check: { paths: [\"datasets/**\"] }\n");
        var gate = new TestGate { Understood = [".parquet"] };

        var run = await CliRun.InvokeAsync(_repo.Path, null, [gate], "scan", "app", "--platform", "none");

        Assert.That(run.Out, Does.Not.Contain("POL007"));
    }

    [Test]
    public async Task Scan_EmptyPolicy_ExitsTwoAtLineOne()
    {
        _repo.Write("app/.mlsecops.yml", "");

        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: app/.mlsecops.yml:1:1: the policy file is empty; start it with 'version: 1' (or run 'mlsecops init')"));
    }

    [Test]
    public async Task Scan_Finding_GivesTheFixAndHelpLinkAndVerboseAddsWhy()
    {
        var plain = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app", "--platform", "none");
        var verbose = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], "scan", "app", "--platform", "none", "--verbose");

        Assert.That(plain.Out, Does.Contain("  HIGH DAT999 app/data/a.csv:2 marker in app/data/a.csv\n      fix: Remove the marker. https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#dat999\n"));
        Assert.That(plain.Out, Does.Not.Contain("why:"));
        Assert.That(verbose.Out, Does.Contain("      why: The file contains the test marker BAD.\n"));
    }

    [Test]
    public async Task Scan_OutputNotATerminal_HasNoColourCodes()
    {
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], false, "scan", "app", "--platform", "none");

        Assert.That(run.Out, Does.Not.Contain("\u001b"));
    }

    [Test]
    public async Task Scan_OutputATerminal_ColoursSeverities()
    {
        var run = await CliRun.InvokeAsync(_repo.Path, null, [new TestGate()], true, "scan", "app", "--platform", "none");

        Assert.That(run.Out, Does.Contain("\u001b[31mHIGH\u001b[0m DAT999"));
    }

    [Test]
    public async Task Scan_RealGatesWithPathsWhereNothingIs_NameTheManifestsModelsAndDockerfilesElsewhere()
    {
        // Given the layout the issue describes: manifests in k8s/, a root compose file, serving/Dockerfile.gpu, a model
        // outside models/, and a policy written for deploy/** and models/**
        using var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Write(".mlsecops.yml", "version: 1\ngates:\n  deploy-audit: { paths: [\"deploy/**\"] }\n  model-scan: { paths: [\"models/**\"] }\n");
        repo.Write("k8s/app.yaml", "apiVersion: v1\nkind: Pod\nmetadata: { name: a }\nspec: { containers: [{ name: a, image: x }] }\n");
        repo.Write("docker-compose.yml", "services:\n  a: { image: x }\n");
        repo.Write("serving/Dockerfile.gpu", "FROM x\n");
        repo.Write("weights/model.safetensors", "not really");
        repo.Write("notes.yml", "just: notes\n");

        // When
        var run = await CliRun.InvokeAsync(repo.Path, null, null, "scan", ".", "--platform", "none");

        // Then each gate says where its files are; plain YAML that is not a manifest is not named
        Assert.That(run.Out, Does.Contain("Gate deploy-audit checked no file: its paths (deploy/**) match nothing, but it can check "));
        var deploy = run.Out.Split('\n').Single(l => l.Contains("Gate deploy-audit", StringComparison.Ordinal));
        Assert.That(deploy, Does.Contain("docker-compose.yml").And.Contain("k8s/app.yaml").And.Contain("serving/Dockerfile.gpu").And.Not.Contain("notes.yml"));
        Assert.That(run.Out, Does.Contain("Gate model-scan checked no file: its paths (models/**) match nothing, but it can check weights/model.safetensors."));
    }
}
