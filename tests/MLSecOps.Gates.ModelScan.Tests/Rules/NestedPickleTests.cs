namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD008 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class NestedPickleTests
{
    [TestCase("malicious/nested.pkl", "MOD002 @offset 2; MOD008 @offset 16; MOD002 @offset 16>@offset 0")]
    public async Task Scan_PickleInBytesLiteral_ReportsMod008(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD008
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD008"));
    }
}
