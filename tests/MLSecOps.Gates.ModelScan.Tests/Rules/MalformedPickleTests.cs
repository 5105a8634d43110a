namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD006 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class MalformedPickleTests
{
    [TestCase("malicious/truncated.pkl", "MOD002 @offset 0; MOD006 @offset 28")]
    [TestCase("malicious/memo_miss.pkl", "MOD006 @offset 2")]
    [TestCase("malicious/frame_overrun.pkl", "MOD006 @offset 2")]
    [TestCase("dos/dict_self_key.pkl", "MOD006 @offset 14")]
    [TestCase("dos/set_self_item.pkl", "MOD006 @offset 8")]
    public async Task Scan_BrokenStream_ReportsMod006(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD006
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD006"));
    }
}
