using MLSecOps.Core.Gates;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Properties;

/// <summary>Regressions found by the mutation properties: a TAR cut short used to end the walk silently, a clean pass.</summary>
public sealed class TruncatedTarTests
{
    // legacy_tar_payload.pt: headers at 0 (sys_info), 1024 (pickle), 2048 (storages), 3072 (tensors); each member padded to 1024.
    [TestCase(745, "the TAR ends without its end-of-archive marker")]
    [TestCase(2300, "the TAR ends inside a member header")]
    public async Task Scan_LegacyTorchTarCutShort_ReportsMod001(int length, string reason)
    {
        var original = await File.ReadAllBytesAsync(Path.Combine(ModelScanFixture.Root, "malicious", "legacy_tar_payload.pt"));
        using var repo = new TempDirectory();
        var full = repo.Write("model.pt", original[..length]);

        var findings = await GateHarness.RunAsync(new ModelScanGate(), repo.Path, [new ScanFile(full, "model.pt", length)]);

        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Message}"), Has.Some.EqualTo($"MOD001 Scan incomplete: {reason}"));
    }
}
