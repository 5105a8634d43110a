using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Analysis;

/// <summary>joblib files compressed with zlib, LZMA, xz, bz2 or gzip (made by the real joblib) are opened and their pickle scanned.</summary>
public class CompressedJoblibTests
{
    [TestCase("joblib/payload_zlib3.joblib")]
    [TestCase("joblib/payload_lzma.joblib")]
    [TestCase("joblib/payload_xz.joblib")]
    [TestCase("joblib/payload_bz2.joblib")]
    [TestCase("joblib/payload_gzip.joblib")]
    [TestCase("joblib/payload_zlib.pkl")]
    [TestCase("joblib/payload_zlib.joblib")]
    public async Task Scan_CompressedPayload_ReportsTheCall(string fixture)
    {
        // Given a compressed joblib or zlib pickle whose object reduces to os.system
        // When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then the call is reported as critical
        Assert.That(findings.Where(f => f.Rule.Id == "MOD002").Select(f => f.Severity), Does.Contain(Severity.Critical));
    }

    [TestCase("joblib/benign_zlib3.joblib")]
    [TestCase("joblib/benign_lzma.joblib")]
    [TestCase("joblib/benign_xz.joblib")]
    [TestCase("joblib/benign_bz2.joblib")]
    [TestCase("joblib/benign_gzip.joblib")]
    [TestCase("joblib/benign_zlib.pkl")]
    [TestCase("joblib/benign_zlib.joblib")]
    public async Task Scan_CompressedBenign_IsReadAndClean(string fixture)
    {
        // Given an ordinary compressed joblib file (a float32 array, a list, an int)
        var full = Path.Combine(ModelScanFixture.Root, fixture);
        var file = new MLSecOps.Core.Gates.ScanFile(full, fixture, new FileInfo(full).Length);

        // When the gate scans it
        var (reports, _) = await new ModelScanGate().ScanAsync(
            new MLSecOps.Core.Gates.GateContext { RepositoryRoot = ModelScanFixture.Root, Files = [file], Settings = MLSecOps.Core.Gates.GateSettings.Empty, TimeProvider = TimeProvider.System },
            CancellationToken.None);

        // Then its pickle was read through and nothing is reported
        Assert.That(reports[0].Findings.Select(f => $"{f.Rule.Id} {f.Message}"), Is.Empty);
        Assert.That(reports[0].ReadBy, Does.Contain("pickle"));
    }
}
