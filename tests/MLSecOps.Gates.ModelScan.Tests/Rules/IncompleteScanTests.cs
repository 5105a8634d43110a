namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD001 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class IncompleteScanTests
{
    [TestCase("malicious/sevenzip.pt", "MOD001; MOD018")]
    [TestCase("malicious/legacy_tar_payload.pt", "MOD002 storages@offset 44; MOD001 storages@offset 73")]
    public async Task Scan_ContainerNotOpened_ReportsMod001(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD001
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD001"));
    }
}
