namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD009 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class PickleExtensionCodeTests
{
    [TestCase("malicious/extension_code.pkl", "MOD009 @offset 2")]
    public async Task Scan_ExtOpcode_ReportsMod009(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD009
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD009"));
    }
}
