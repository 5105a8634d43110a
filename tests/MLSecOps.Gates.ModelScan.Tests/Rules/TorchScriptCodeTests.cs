namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD011 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class TorchScriptCodeTests
{
    [TestCase("benign/torchscript.pt", "MOD011")]
    public async Task Scan_CodeMembers_ReportsMod011(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD011
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD011"));
    }
}
