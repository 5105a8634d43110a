using MLSecOps.Core.Gates;
using MLSecOps.Gates.ModelScan.Integrity;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Integrity;

/// <summary>MOD019 (changed), MOD020 (missing), MOD021 (unlisted) and writing the lock file.</summary>
public class ModelLockFileTests
{
    private static readonly byte[] Model = File.ReadAllBytes(FixturePaths.Of("model-scan/benign/state_dict.pt"));

    private static IReadOnlyList<ScanFile> FilesOf(string root) =>
        [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => new ScanFile(f, Path.GetRelativePath(root, f).Replace('\\', '/'), new FileInfo(f).Length))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)];

    [Test]
    public async Task WriteAsync_ModelsAndOtherFiles_LocksOnlyModelsSorted()
    {
        // Given two models and a README
        using var repo = new TempDirectory();
        repo.Write("models/b/model.pt", Model);
        repo.Write("models/a/weights.pkl", [0x80, 0x02, (byte)'N', (byte)'.']);
        repo.Write("README.md", "# readme\n");

        // When the lock is written
        var count = await ModelLockFile.WriteAsync(repo.Path, FilesOf(repo.Path), "models.lock", CancellationToken.None);

        // Then only the models are listed, sorted, with their SHA-256
        var lines = (await File.ReadAllLinesAsync(Path.Combine(repo.Path, "models.lock"))).Where(l => !l.StartsWith('#')).ToList();
        Assert.That(count, Is.EqualTo(2));
        Assert.That(lines, Is.EqualTo(new[]
        {
            $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData([0x80, 0x02, (byte)'N', (byte)'.']))}  4  model  models/a/weights.pkl",
            $"{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Model))}  {Model.Length}  model  models/b/model.pt",
        }));
    }

    [Test]
    public async Task Scan_LockedModelsUnchanged_ReportsNothing()
    {
        using var repo = new TempDirectory();
        repo.Write("models/model.pt", Model);
        await ModelLockFile.WriteAsync(repo.Path, FilesOf(repo.Path), "models.lock", CancellationToken.None);

        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("lockfile", "models.lock")));

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public async Task Scan_ModelChangedAfterLocking_ReportsMod019()
    {
        // Given a locked model that is then replaced
        using var repo = new TempDirectory();
        repo.Write("models/model.pt", Model);
        await ModelLockFile.WriteAsync(repo.Path, FilesOf(repo.Path), "models.lock", CancellationToken.None);
        repo.Write("models/model.pt", [.. Model, 0]);

        // When scanned with the lock
        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("lockfile", "models.lock")));

        // Then the change is reported on the model
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.EqualTo(new[] { "MOD019 models/model.pt" }));
    }

    [Test]
    public async Task Scan_LockedModelDeletedAndNewModelAdded_ReportsMod020AndMod021()
    {
        // Given a lock listing a model that is then deleted, and a new unlocked model
        using var repo = new TempDirectory();
        var old = repo.Write("models/old.pt", Model);
        await ModelLockFile.WriteAsync(repo.Path, FilesOf(repo.Path), "models.lock", CancellationToken.None);
        File.Delete(old);
        repo.Write("models/new.pkl", [0x80, 0x02, (byte)'N', (byte)'.']);

        // When scanned with the lock
        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("lockfile", "models.lock")));

        // Then the missing entry is reported on the lock file and the new model as unlisted
        Assert.That(
            findings.Select(f => $"{f.Rule.Id} {f.Location.Path} {f.Location.LogicalPath}".TrimEnd()),
            Is.EquivalentTo(new[] { "MOD020 models.lock models/old.pt", "MOD021 models/new.pkl" }));
    }

    [Test]
    public async Task Scan_LockFileMissingOrMalformed_ReportsMod001()
    {
        using var repo = new TempDirectory();
        repo.Write("models/model.pt", Model);
        var missing = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("lockfile", "models.lock")));
        repo.Write("models.lock", "not a digest  models/model.pt\n");
        var malformed = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("lockfile", "models.lock")));

        Assert.That(missing.Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.EqualTo(new[] { "MOD001 models.lock" }));
        Assert.That(malformed.Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.EqualTo(new[] { "MOD001 models.lock" }));
    }

    [Test]
    public async Task Scan_ScanRootBelowRepositoryRoot_ResolvesLockFromScanRoot()
    {
        // Given a repository scanned from its ml/ folder, where the policy's lock file lives
        using var repo = new TempDirectory();
        repo.Write("ml/models/model.pt", Model);
        await ModelLockFile.WriteAsync(repo.Path, FilesOf(repo.Path), "ml/models.lock", CancellationToken.None);
        repo.Write("ml/models/model.pt", [.. Model, 1]);
        var context = new GateContext
        {
            RepositoryRoot = repo.Path,
            ScanRoot = Path.Combine(repo.Path, "ml"),
            Files = FilesOf(repo.Path),
            Settings = GateHarness.Settings(("lockfile", "models.lock")),
        };

        // When scanned
        var result = await new ModelScanGate().RunAsync(context, CancellationToken.None);

        // Then the lock is found relative to the scan root and the change reported with the repository-relative path
        Assert.That(result.Findings.Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.EqualTo(new[] { "MOD019 ml/models/model.pt" }));
    }

    [Test]
    public async Task Scan_Version1LockFile_StillChecksModels()
    {
        // Given a lock written by an earlier mlsecops (version 1: digest and path only), then the model is replaced
        using var repo = new TempDirectory();
        repo.Write("models/model.pt", Model);
        repo.Write("models.lock", $"# mlsecops model lock v1: sha256  repository-relative path\n{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Model))}  models/model.pt\n");
        var unchanged = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("lockfile", "models.lock")));
        repo.Write("models/model.pt", [.. Model, 0]);

        // When scanned with it
        var changed = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("lockfile", "models.lock")));

        // Then it is read as before
        Assert.That(unchanged, Is.Empty);
        Assert.That(changed.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD019" }));
    }

    [Test]
    public async Task Scan_DataEntriesInTheLock_AreNotModelFindings()
    {
        // Given a version 2 lock that also records a data file, which model-scan does not own
        using var repo = new TempDirectory();
        repo.Write("models/model.pt", Model);
        await ModelLockFile.WriteAsync(repo.Path, FilesOf(repo.Path), "models.lock", CancellationToken.None);
        File.AppendAllText(Path.Combine(repo.Path, "models.lock"), $"{new string('b', 64)}  3  data  data/gone.csv\n");

        // When scanned
        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, GateHarness.Settings(("lockfile", "models.lock")));

        // Then the missing data file is left to data-check
        Assert.That(findings, Is.Empty);
    }
}
