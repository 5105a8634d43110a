namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD016 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class ArchiveBombTests
{
    [TestCase("malicious/bomb.zip", "MOD016 zeros.bin")]
    public async Task Scan_HighRatioMember_ReportsMod016(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD016
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD016"));
    }
}
