namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD023 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class PickleTrailingDataTests
{
    [TestCase("malicious/junk_between.pkl", "MOD023 @offset 4; MOD002 @offset 8")]
    [TestCase("malicious/npy_trailing.npy", "MOD023 @offset 136")]
    public async Task Scan_JunkAfterStop_ReportsMod023(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD023
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD023"));
    }
}
