namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD017 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class EncryptedArchiveMemberTests
{
    [TestCase("malicious/encrypted_flag.pt", "MOD017 archive/data.pkl; MOD002 archive/data.pkl@offset 0")]
    public async Task Scan_EncryptionFlag_ReportsMod017(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD017
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD017"));
    }
}
