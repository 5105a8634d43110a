namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD007 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class PickleFrameViolationTests
{
    [TestCase("malicious/frame_violation.pkl", "MOD007 @offset 11")]
    public async Task Scan_OpcodeCrossesFrame_ReportsMod007(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD007
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD007"));
    }
}
