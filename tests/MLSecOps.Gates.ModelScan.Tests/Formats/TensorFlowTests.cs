using NUnit.Framework;

namespace MLSecOps.Gates.ModelScan.Tests.Formats;

public sealed class TensorFlowTests
{
    [Test]
    public async Task Analyze_BenignSavedModelWithSaver_ReportsNothing()
    {
        var findings = await FormatScan.FixtureAsync("tensorflow/benign/saved_model.pb");

        Assert.That(findings, Is.Empty);
    }

    [Test]
    public async Task Analyze_PyFuncAndFileOpsInFunction_ReportsEachNode()
    {
        var findings = await FormatScan.FixtureAsync("tensorflow/writefile/saved_model.pb");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[]
        {
            "MOD055@py",
            "MOD055@__inference_serve_42/write",
            "MOD056@__inference_serve_42/read",
        }));
    }

    [Test]
    public async Task Analyze_GraphNestedInStringConst_FindsInnerWriteFile()
    {
        var findings = await FormatScan.FixtureAsync("tensorflow/nested/saved_model.pb");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { "MOD055@graph_def/value/exfil" }));
    }

    [Test]
    public async Task Analyze_FrozenGraphWithReadFile_ReportsFileAccess()
    {
        var findings = await FormatScan.FixtureAsync("tensorflow/frozen/frozen_graph.pb");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { "MOD056@read" }));
    }

    [Test]
    public async Task Analyze_TruncatedSavedModel_FailsClosed()
    {
        var findings = await FormatScan.FixtureAsync("tensorflow/truncated/saved_model.pb");

        Assert.That(FormatScan.Ids(findings), Is.EqualTo(new[] { "MOD001@" }));
    }
}
