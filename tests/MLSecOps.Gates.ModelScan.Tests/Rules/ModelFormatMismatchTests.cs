namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD018 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class ModelFormatMismatchTests
{
    [TestCase("malicious/pickle_as.safetensors", "MOD002 @offset 0; MOD018; MOD065 header")]
    [TestCase("malicious/sevenzip.pt", "MOD001; MOD018")]
    [TestCase("malicious/text_as.pt", "MOD018")]
    public async Task Scan_ContentDiffersFromName_ReportsMod018(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD018
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD018"));
    }
}
