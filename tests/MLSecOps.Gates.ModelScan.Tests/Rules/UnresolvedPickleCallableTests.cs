namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD004 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class UnresolvedPickleCallableTests
{
    [TestCase("malicious/stack_global_from_call.pkl", "MOD004 @offset 31")]
    [TestCase("malicious/numpy_builtins.pkl", "MOD003 @offset 24; MOD005 @offset 48; MOD010 @offset 66; MOD026 @offset 79; MOD004 @offset 111")]
    public async Task Scan_CallableNotLiteral_ReportsMod004(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD004
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD004"));
    }
}
