using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests;

/// <summary>Ordinary checkpoints must pass: no finding at error level (high or critical) on any benign control.</summary>
public class BenignControlsTests
{
    [TestCase("benign/state_dict.pt")]
    [TestCase("benign/renamed_folder.pt")]
    [TestCase("benign/full_module.pt")]
    [TestCase("benign/legacy_save.pt")]
    [TestCase("benign/legacy_tar.pt")]
    [TestCase("benign/sklearn_model.joblib")]
    [TestCase("benign/sklearn_model_zlib.joblib")]
    [TestCase("benign/array.npy")]
    [TestCase("benign/arrays.npz")]
    [TestCase("benign/records_p4.pkl")]
    [TestCase("benign/records.pkl.gz")]
    [TestCase("benign/zip64_state_dict.pt")]
    [TestCase("benign/notes.txt")]
    public async Task Scan_BenignControl_ReportsNothing(string fixture)
    {
        // Given an ordinary model file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then nothing is reported
        Assert.That(ModelScanFixture.Summary(findings), Is.Empty);
    }

    [Test]
    public async Task Scan_AllBenignControls_NoErrorLevelFinding()
    {
        // Given every benign control together (TorchScript's medium MOD011 included)
        var findings = await GateHarness.RunAsync(new ModelScanGate(), FixturePaths.Of("model-scan/benign"));

        // Then nothing is high or critical
        Assert.That(findings.Where(f => f.Severity >= Severity.High).Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.Empty);
        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD011" }));
    }
}
