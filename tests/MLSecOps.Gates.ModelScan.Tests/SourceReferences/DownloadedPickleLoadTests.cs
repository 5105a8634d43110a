namespace MLSecOps.Gates.ModelScan.Tests.SourceReferences;

/// <summary>MOD153 through the gate: downloads reaching pickle, joblib and pandas directly and through data flow within a function.</summary>
public sealed class DownloadedPickleLoadTests
{
    [Test]
    public async Task Scan_DownloadedPickles_ReportsEachLoad()
    {
        var findings = await SourceFixture.ScanAsync("fail/downloaded_pickle.py");

        // joblib.load(hf_hub_download(…)); urlretrieve → tuple → with open(…) as handle → pkl.load; requests.get → .content;
        // snapshot_download → os.path.join → pd.read_pickle.
        Assert.That(findings, Is.EqualTo(new[] { "MOD153 10:9 high", "MOD153 16:16 high", "MOD153 21:12 high", "MOD153 26:12 high" }));
    }

    [Test]
    public async Task Scan_DownloadedPickle_MessageSaysWhereTheDownloadIs()
    {
        var findings = await ModelScanFixture.ScanAsync("source-references/fail/downloaded_pickle.py");

        var flow = findings.Single(f => f.Location.StartLine == 16);
        Assert.That(flow.Message, Does.StartWith("`pkl.load` unpickles what `urlretrieve(…)` at line 14 downloaded"));
        Assert.That(flow.Evidence, Is.EqualTo("pkl.load(`urlretrieve(…)`)"));
    }
}
