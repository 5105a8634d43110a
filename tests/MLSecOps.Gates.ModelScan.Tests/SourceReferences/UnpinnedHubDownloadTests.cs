namespace MLSecOps.Gates.ModelScan.Tests.SourceReferences;

/// <summary>MOD150 through the gate: Hub downloads without a commit revision, at the exact line and column.</summary>
public sealed class UnpinnedHubDownloadTests
{
    [Test]
    public async Task Scan_UnpinnedDownloads_ReportsEachCallAtItsPosition()
    {
        var findings = await SourceFixture.ScanAsync("fail/unpinned.py");

        // A constant id (line 5), a literal id (6), revision="main" (7, at the revision), a Hub download of an id in a
        // parameter (11) and pipeline(model=…) (14).
        Assert.That(findings, Is.EqualTo(new[]
        {
            "MOD150 5:13 medium", "MOD150 6:9 medium", "MOD150 7:78 medium", "MOD150 11:12 medium", "MOD150 14:14 medium",
        }));
    }

    [Test]
    public async Task Scan_UnpinnedDownload_MessageNamesTheModelAndTheFix()
    {
        var findings = await ModelScanFixture.ScanAsync("source-references/fail/unpinned.py");

        var first = findings.Single(f => f.Location.StartLine == 5);
        Assert.That(first.Message, Does.Contain("\"meta-llama/Llama-3.1-8B\"").And.Contain("revision=\"<40-hex commit SHA>\""));
        Assert.That(first.Evidence, Is.EqualTo("AutoTokenizer.from_pretrained(\"meta-llama/Llama-3.1-8B\")"));
        var branch = findings.Single(f => f.Location.StartLine == 7);
        Assert.That(branch.Message, Does.Contain("at revision \"main\", a branch or tag"));
        var pipeline = findings.Single(f => f.Location.StartLine == 14);
        Assert.That(pipeline.Evidence, Is.EqualTo("pipeline(…, model=\"distilbert/distilbert-base-uncased-finetuned-sst-2-english\")"));
    }

    [Test]
    public async Task Scan_Notebook_ReportsAtTheNotebooksOwnLineWithTheCell()
    {
        var findings = await ModelScanFixture.ScanAsync("source-references/fail/notebook.ipynb");

        var unpinned = findings.Single(f => f.Rule.Id == "MOD150");
        Assert.That((unpinned.Location.StartLine, unpinned.Location.StartColumn, unpinned.Location.LogicalPath), Is.EqualTo((43, 14, "cell 4")));
        Assert.That(unpinned.Message, Does.EndWith("(cell 4, line 2)"));
    }
}
