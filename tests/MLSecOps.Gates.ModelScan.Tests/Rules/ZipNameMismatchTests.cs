namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD012 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class ZipNameMismatchTests
{
    [TestCase("malicious/name_mismatch.pt", "MOD012 archive/data.pkl; MOD002 archive/data.pkl@offset 0")]
    public async Task Scan_LocalNameDiffers_ReportsMod012(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD012
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD012"));
    }
}
