namespace MLSecOps.Gates.ModelScan.Tests.SourceReferences;

/// <summary>Code that mentions or resembles the risky calls but is safe stays quiet: strings, comments, pinned revisions, local paths, other kernels.</summary>
public sealed class SourceLookAlikeTests
{
    [TestCase("pass/lookalikes.py")]
    [TestCase("pass/clean_notebook.ipynb")]
    [TestCase("pass/r_notebook.ipynb")]
    public async Task Scan_LookAlikes_ReportNothing(string fixture)
    {
        var findings = await SourceFixture.ScanAsync(fixture);

        Assert.That(findings, Is.Empty);
    }
}
