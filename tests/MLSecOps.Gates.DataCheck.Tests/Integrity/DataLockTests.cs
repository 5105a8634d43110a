using MLSecOps.Core.Gates;
using MLSecOps.Formats.Locking;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DataCheck.Tests.Integrity;

/// <summary>DAT080 (changed), DAT081 (missing) and DAT082 (added) against the lock file shared with model-scan.</summary>
public sealed class DataLockTests
{
    private static readonly GateSettings Locked = GateHarness.Settings(("lockfile", "models.lock"));

    private static IReadOnlyList<ScanFile> FilesOf(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => new ScanFile(f, Path.GetRelativePath(root, f).Replace('\\', '/'), new FileInfo(f).Length))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)];

    private static async Task<TempDirectory> LockedRepositoryAsync()
    {
        var repo = new TempDirectory();
        repo.Write("data/train.csv", "id,label\n1,cat\n2,dog\n");
        repo.Write("data/test.csv", "id,label\n3,cat\n");
        var context = new GateContext { RepositoryRoot = repo.Path, Files = FilesOf(repo.Path), Settings = Locked };
        var lockPath = Path.Combine(repo.Path, "models.lock");
        await LockDocument.WriteAsync(lockPath, await new DataCheckGate().LockEntriesAsync(context, lockPath, CancellationToken.None), CancellationToken.None);
        return repo;
    }

    [Test]
    public async Task Run_DataUnchangedSinceLocking_ReportsNothing()
    {
        using var repo = await LockedRepositoryAsync();

        var findings = await GateHarness.RunAsync(new DataCheckGate(), repo.Path, Locked);

        Assert.That(findings, Is.Empty, string.Join("\n", findings.Select(f => f.Message)));
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "models.lock")), Does.Contain("  data  data/train.csv\n"));
    }

    [Test]
    public async Task Run_DataChangedRemovedAndAdded_ReportsDat080Dat081Dat082()
    {
        // Given a locked data set where one file is poisoned, one removed and one added
        using var repo = await LockedRepositoryAsync();
        repo.Write("data/train.csv", "id,label\n1,cat\n2,cat\n");
        File.Delete(Path.Combine(repo.Path, "data/test.csv"));
        repo.Write("data/extra.csv", "id,label\n9,dog\n");

        // When the gate runs
        var findings = await GateHarness.RunAsync(new DataCheckGate(), repo.Path, Locked);

        // Then each drift is named on its file (missing: on the lock file, with the entry as logical path)
        Assert.That(
            findings.Select(f => $"{f.Rule.Id} {f.Location.Path} {f.Location.LogicalPath}".TrimEnd()),
            Is.EquivalentTo(new[] { "DAT080 data/train.csv", "DAT081 models.lock data/test.csv", "DAT082 data/extra.csv" }));
    }

    [Test]
    public async Task Verify_SizeChanged_ReportsDat080WithoutReadingContent()
    {
        using var repo = await LockedRepositoryAsync();
        repo.Write("data/test.csv", "id,label\n3,cat\n4,cat\n");
        var context = new GateContext { RepositoryRoot = repo.Path, Files = FilesOf(repo.Path), Settings = Locked };

        var result = await new DataCheckGate().VerifyAsync(context, CancellationToken.None);

        Assert.That(result.Findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "DAT080" }));
        Assert.That(result.Findings[0].Message, Does.Contain("size (15 bytes locked, 21 found)"));
    }

    [TestCase(null)]
    [TestCase("# mlsecops lock v9\n")]
    public async Task Run_LockMissingOrUnreadable_ReportsDat001(string? text)
    {
        using var repo = new TempDirectory();
        repo.Write("data/train.csv", "id,label\n1,cat\n");
        if (text is not null)
        {
            repo.Write("models.lock", text);
        }

        var findings = await GateHarness.RunAsync(new DataCheckGate(), repo.Path, Locked);

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.EqualTo(new[] { "DAT001 models.lock" }));
    }

    [Test]
    public async Task Run_Version1ModelLock_LeavesDataUnlisted()
    {
        // Given an old model-only lock: its entries are models, so data files are new to it
        using var repo = new TempDirectory();
        repo.Write("data/train.csv", "id,label\n1,cat\n");
        repo.Write("models.lock", $"# mlsecops model lock v1: sha256  repository-relative path\n{new string('a', 64)}  data/model.pt\n");

        var findings = await GateHarness.RunAsync(new DataCheckGate(), repo.Path, Locked);

        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "DAT082" }));
    }
}
