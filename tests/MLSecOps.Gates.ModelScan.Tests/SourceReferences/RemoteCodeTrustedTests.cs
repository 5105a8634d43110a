namespace MLSecOps.Gates.ModelScan.Tests.SourceReferences;

/// <summary>MOD151 through the gate: trust_remote_code=True as a keyword, in a kwargs dict, by subscript, through a constant.</summary>
public sealed class RemoteCodeTrustedTests
{
    [Test]
    public async Task Scan_TrustRemoteCode_ReportsEveryFormAndPinnedAsMedium()
    {
        var findings = await SourceFixture.ScanAsync("fail/trust_remote_code.py");

        // Line 4 is also unpinned (MOD150); line 7 passes TRUST = True with revision pinned to a commit, so it is medium.
        Assert.That(findings, Is.EqualTo(new[]
        {
            "MOD150 4:9 medium", "MOD151 4:49 high", "MOD151 5:34 high", "MOD151 6:8 high", "MOD151 7:103 medium",
        }));
    }

    [Test]
    public async Task Scan_NotebookCellWithMagics_FindsTheCallAfterTheStrippedLines()
    {
        var findings = await SourceFixture.ScanAsync("fail/notebook.ipynb");

        // The %%bash cell, the markdown cell and the raw cell mention torch.load and trust_remote_code but are not Python.
        Assert.That(findings, Is.EqualTo(new[] { "MOD150 43:14 medium", "MOD151 44:25 high", "MOD152 45:14 medium" }));
    }
}
