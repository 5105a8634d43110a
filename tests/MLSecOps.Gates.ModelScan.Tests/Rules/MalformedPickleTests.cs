using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD006 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class MalformedPickleTests
{
    [TestCase("malicious/truncated.pkl", "MOD002 @offset 0; MOD006 @offset 28", Severity.High)]
    [TestCase("malicious/global_then_memo_miss.pkl", "MOD006 @offset 27", Severity.High)]
    [TestCase("malicious/memo_miss.pkl", "MOD006 @offset 2", Severity.Medium)]
    [TestCase("malicious/frame_overrun.pkl", "MOD006 @offset 2", Severity.High)]
    [TestCase("malicious/short_frame_global.pkl", "MOD002 @offset 26; MOD006 @offset 2", Severity.High)]
    [TestCase("dos/dict_self_key.pkl", "MOD006 @offset 14", Severity.Medium)]
    [TestCase("dos/set_self_item.pkl", "MOD006 @offset 8", Severity.Medium)]
    public async Task Scan_BrokenStream_ReportsMod006(string fixture, string expected, Severity severity)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported; MOD006 is medium only when both CPython unpicklers stop before any import
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Single(f => f.Rule.Id == "MOD006").Severity, Is.EqualTo(severity));
    }
}
