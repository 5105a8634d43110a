namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD015 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class ArchiveLinkTests
{
    [TestCase("malicious/traversal_symlink.zip", "MOD014 ../../outside.pkl; MOD015 weights/link")]
    [TestCase("malicious/traversal_links.tar", "MOD014 /etc/cron.d/job; MOD015 weights/link; MOD015 weights/hard")]
    public async Task Scan_LinkMember_ReportsMod015(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD015
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD015"));
    }
}
