using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

public sealed class ModelLockCommandTests
{
    [Test]
    public async Task ModelScan_WriteLockThenTamper_ReportsTheChangedModel()
    {
        // Given a repository with a policy lock file path and a benign checkpoint
        using var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Write(".mlsecops.yml", "version: 1\ngates:\n  model-scan:\n    paths: [\"models/**\"]\n    lockfile: models.lock\n");
        repo.Copy(FixturePaths.Of("model-scan/benign/state_dict.pt"), "models/model.pt");

        // When the lock is written, then the model is replaced by different bytes
        var locked = await CliRun.InvokeAsync(repo.Path, null, null, "model-scan", ".", "--write-lock", "--platform", "none");
        repo.Copy(FixturePaths.Of("model-scan/benign/zip64_state_dict.pt"), "models/model.pt");
        var tampered = await CliRun.InvokeAsync(repo.Path, null, null, "model-scan", ".", "--platform", "none");

        // Then the first run passes with one locked file, the second reports MOD019 and blocks
        Assert.That(locked.ExitCode, Is.EqualTo(0), locked.Out + locked.Error);
        Assert.That(File.ReadAllLines(Path.Combine(repo.Path, "models.lock")).Count(l => l.EndsWith("  models/model.pt", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(tampered.ExitCode, Is.EqualTo(1));
        Assert.That(tampered.Out, Does.Contain("MOD019 models/model.pt"));
    }

    [Test]
    public async Task Scan_WriteLockThenChangeData_OneLockHoldsBothAndDataCheckReportsDat080()
    {
        // Given a repository whose model-scan and data-check share one lock file
        using var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Write(".mlsecops.yml", "version: 1\ngates:\n  model-scan:\n    paths: [\"models/**\"]\n    lockfile: models.lock\n  data-check:\n    lockfile: models.lock\n");
        repo.Copy(FixturePaths.Of("model-scan/benign/state_dict.pt"), "models/model.pt");
        repo.Write("data/train.csv", "id,label\n1,cat\n2,dog\n");

        // When one command writes the lock, then a data file is changed
        var locked = await CliRun.InvokeAsync(repo.Path, null, null, "scan", ".", "--write-lock", "--platform", "none");
        var lines = File.ReadAllLines(Path.Combine(repo.Path, "models.lock"));
        repo.Write("data/train.csv", "id,label\n1,cat\n2,cat\n");
        var changed = await CliRun.InvokeAsync(repo.Path, null, null, "data-check", ".", "--platform", "none");

        // Then the lock is version 2 with one model and one data entry, and the changed data blocks
        Assert.That(locked.Error, Does.Contain("mlsecops: wrote 1 model and 1 data hashes to models.lock"), locked.Out + locked.Error);
        Assert.That(lines[0], Does.StartWith("# mlsecops lock v2"));
        Assert.That(lines.Skip(1).Select(l => string.Join(' ', l.Split("  ").Skip(2))), Is.EqualTo(new[] { "data data/train.csv", "model models/model.pt" }));
        Assert.That(changed.ExitCode, Is.EqualTo(1), changed.Out);
        Assert.That(changed.Out, Does.Contain("DAT080 data/train.csv"));
    }

    [Test]
    public async Task Scan_WriteLockWithTwoDifferentLockPaths_ExitsTwo()
    {
        using var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Write(".mlsecops.yml", "version: 1\ngates:\n  model-scan:\n    lockfile: models.lock\n  data-check:\n    lockfile: data.lock\n");

        var run = await CliRun.InvokeAsync(repo.Path, null, null, "scan", ".", "--write-lock");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Does.StartWith("mlsecops: gates.model-scan.lockfile 'models.lock' and gates.data-check.lockfile 'data.lock' differ in .mlsecops.yml"));
    }

    [Test]
    public async Task ModelScan_WriteLockWithoutLockPath_ExitsTwo()
    {
        using var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");

        var run = await CliRun.InvokeAsync(repo.Path, null, null, "model-scan", ".", "--write-lock");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: --write-lock needs a lock file path: set 'gates.model-scan.lockfile' (such as models.lock) in .mlsecops.yml"));
    }

    [Test]
    public async Task DataCheck_WriteProfileThenSkewAGroup_ReportsTheGroupLabelRateShift()
    {
        // Given a repository with an approved labelled table
        using var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Copy(FixturePaths.Of("data-check/profile/approved.csv"), "data/train.csv");

        // When the profile is written, then the women's positive labels move to men
        var approved = await CliRun.InvokeAsync(repo.Path, null, null, "data-check", ".", "--write-profile", "--platform", "none");
        repo.Copy(FixturePaths.Of("data-check/profile/groups.csv"), "data/train.csv");
        var skewed = await CliRun.InvokeAsync(repo.Path, null, null, "data-check", ".", "--platform", "none");

        // Then the first run passes and says what it wrote, the second reports DAT053 and blocks
        Assert.That(approved.ExitCode, Is.EqualTo(0), approved.Out + approved.Error);
        Assert.That(approved.Error, Does.Contain("mlsecops: wrote the profile of 1 data set to .mlsecops/data-profile.json"));
        Assert.That(File.Exists(Path.Combine(repo.Path, ".mlsecops", "data-profile.json")), Is.True);
        Assert.That(skewed.ExitCode, Is.EqualTo(1), skewed.Out);
        Assert.That(skewed.Out, Does.Contain("DAT053 data/train.csv"));
    }

    [Test]
    public async Task DataCheck_WriteProfileOutsideTheRepository_ExitsTwo()
    {
        using var repo = new TempDirectory();
        repo.Write(".git/HEAD", "ref: refs/heads/main\n");
        repo.Write(".mlsecops.yml", "version: 1\ngates:\n  data-check:\n    baseline-profile: ../profile.json\n");

        var run = await CliRun.InvokeAsync(repo.Path, null, null, "data-check", ".", "--write-profile");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: gates.data-check.baseline-profile '../profile.json' leaves the repository: use a path inside it, such as .mlsecops/data-profile.json"));
    }
}
