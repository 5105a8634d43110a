namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD013 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class ZipHeaderAnomalyTests
{
    [TestCase("malicious/leading_junk.pt", "MOD013; MOD002 archive/data.pkl@offset 0")]
    [TestCase("malicious/duplicate_names.pt", "MOD013; MOD002 archive/data.pkl@offset 0")]
    [TestCase("malicious/missing_local_header.pt", "MOD013 archive/data.pkl; MOD001 archive/data.pkl")]
    public async Task Scan_LeadingData_ReportsMod013(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD013
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD013"));
    }
}
