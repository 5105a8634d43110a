namespace MLSecOps.Gates.ModelScan.Tests.SourceReferences;

/// <summary>MOD152 through the gate: torch.load omitted (medium), weights_only=False or a downloaded file (high), through import aliases.</summary>
public sealed class UnrestrictedTorchLoadTests
{
    [Test]
    public async Task Scan_TorchLoads_GradesByWhatTheCallSays()
    {
        var findings = await SourceFixture.ScanAsync("fail/torch_load.py");

        Assert.That(findings, Is.EqualTo(new[] { "MOD152 5:9 medium", "MOD152 6:25 high", "MOD152 8:11 high" }));
    }

    [Test]
    public async Task Scan_TorchLoadOfADownload_NamesTheDownload()
    {
        var findings = await ModelScanFixture.ScanAsync("source-references/fail/torch_load.py");

        Assert.That(findings.Single(f => f.Location.StartLine == 8).Message, Does.Contain("a file downloaded by `hf_hub_download(…)` at line 7"));
    }

    [Test]
    public async Task Scan_LineContinuationsAndPep701FStrings_KeepExactColumns()
    {
        var findings = await SourceFixture.ScanAsync("fail/continuation.py");

        // torch.load after an f-string with nested quotes on line 4, after a backslash continuation on line 6, and a
        // from_pretrained call spread over lines 9 to 12.
        Assert.That(findings, Is.EqualTo(new[] { "MOD152 4:75 medium", "MOD152 6:16 medium", "MOD150 9:9 medium", "MOD151 11:5 high" }));
    }
}
