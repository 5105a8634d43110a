namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD005 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class PickleAttributeTraversalTests
{
    [TestCase("malicious/dunder.pkl", "MOD005 @offset 2")]
    [TestCase("malicious/numpy_builtins.pkl", "MOD003 @offset 24; MOD005 @offset 48; MOD010 @offset 66; MOD026 @offset 79; MOD004 @offset 111")]
    public async Task Scan_DunderName_ReportsMod005(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD005
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD005"));
    }
}
