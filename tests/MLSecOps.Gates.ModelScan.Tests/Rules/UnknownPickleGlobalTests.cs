namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD003 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class UnknownPickleGlobalTests
{
    [TestCase("malicious/unknown_global.pkl", "MOD003 @offset 2")]
    [TestCase("malicious/global_mutation.pkl", "MOD003 @offset 2; MOD010 @offset 25")]
    public async Task Scan_CallableOutsideAllowlist_ReportsMod003(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD003
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD003"));
    }
}
