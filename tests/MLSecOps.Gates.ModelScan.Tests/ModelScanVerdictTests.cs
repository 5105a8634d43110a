using MLSecOps.Core.Gates;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests;

/// <summary>Something is said about every file: findings, or a reader that read it through ("clean").</summary>
public class ModelScanVerdictTests
{
    [Test]
    public async Task ScanAsync_EveryModelScanFixture_HasFindingsOrACleanVerdict()
    {
        // Given every model-scan fixture (generator scripts aside)
        var root = ModelScanFixture.Root;
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".py", StringComparison.Ordinal))
            .Select(f => new ScanFile(f, Path.GetRelativePath(root, f).Replace('\\', '/'), new FileInfo(f).Length))
            .ToList();

        // When the gate scans them all
        var (reports, _) = await new ModelScanGate().ScanAsync(Context(root, files), CancellationToken.None);

        // Then none ends with zero findings and zero readers, except text that no model name claims
        var silent = reports
            .Where(r => r.Findings.Count == 0 && r.ReadBy.Count == 0)
            .Where(r => r.Content is not { Kind: ModelContentKind.Text, ModelName: false })
            .Select(r => $"{r.File.RelativePath} ({r.Content?.Kind})");
        Assert.That(silent, Is.Empty);
        Assert.That(reports, Has.Count.GreaterThan(150));
    }

    [Test]
    public async Task ScanAsync_UnknownBinaryInModelFolder_ReportsMod001()
    {
        // Given a folder with a model and a binary blob nothing reads
        using var repo = new TempDirectory();
        repo.Write("models/model.safetensors", "\u0002\0\0\0\0\0\0\0{}");
        repo.Write("models/weights.raw", [0, 1, 2, 3, 250, 251]);

        // When the gate scans it
        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path);

        // Then the blob is reported as a note (raw tensor data is normal beside a model), not passed in silence
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.Path} {f.Severity}"), Does.Contain("MOD001 models/weights.raw Info"));
    }

    [Test]
    public async Task ScanAsync_UnknownBinaryUnderModelName_ReportsMod001Medium()
    {
        // Given a .bin that no reader recognises
        using var repo = new TempDirectory();
        repo.Write("weights.bin", [0, 1, 2, 3, 250, 251]);

        // When the gate scans it
        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path);

        // Then it is reported
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Severity}"), Is.EqualTo(new[] { "MOD001 Medium" }));
    }

    [Test]
    public async Task ScanAsync_EmptyPickle_IsInfoOnly()
    {
        // Given an empty file named like a pickle
        using var repo = new TempDirectory();
        repo.Write("model.pkl", "");

        // When the gate scans it
        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path);

        // Then it is a note, not a high finding
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Severity}"), Is.EqualTo(new[] { "MOD018 Info" }));
    }

    private static GateContext Context(string root, IReadOnlyList<ScanFile> files) => new()
    {
        RepositoryRoot = root,
        Files = files,
        Settings = GateSettings.Empty,
        TimeProvider = TimeProvider.System,
    };
}
