namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD022 through the gate, over committed fixtures (exact rule ids and logical paths of every finding).</summary>
public class NumpyObjectArrayTests
{
    [TestCase("malicious/object_array.npy", "MOD022; MOD002 @offset 128")]
    [TestCase("malicious/object_array.npz", "MOD022 labels.npy; MOD002 labels.npy@offset 128")]
    public async Task Scan_ObjectDtype_ReportsMod022(string fixture, string expected)
    {
        // Given a fixture file, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly the expected findings are reported, including MOD022
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(expected.Split("; ").Order(StringComparer.Ordinal)));
        Assert.That(findings.Select(f => f.Rule.Id), Does.Contain("MOD022"));
    }
}
