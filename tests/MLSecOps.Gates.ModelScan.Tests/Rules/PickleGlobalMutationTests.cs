namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD010 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class PickleGlobalMutationTests
{
    [TestCase("malicious/global_mutation.pkl", "MOD003 @offset 2; MOD010 @offset 25")]
    [TestCase("malicious/numpy_builtins.pkl", "MOD003 @offset 24; MOD005 @offset 48; MOD010 @offset 66; MOD026 @offset 79; MOD004 @offset 111")]
    public async Task Scan_BuildOnGlobal_ReportsMod010(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD010
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD010"));
    }
}
