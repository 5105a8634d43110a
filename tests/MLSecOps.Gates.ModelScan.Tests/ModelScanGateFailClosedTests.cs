using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.TestKit;
using Moq;

namespace MLSecOps.Gates.ModelScan.Tests;

/// <summary>Analyzer failures and overruns become MOD001: a file is never passed silently.</summary>
public class ModelScanGateFailClosedTests
{
    private static Mock<IModelFileAnalyzer> Accepting()
    {
        var analyzer = new Mock<IModelFileAnalyzer>();
        analyzer.Setup(a => a.Rules).Returns([]);
        analyzer.Setup(a => a.Accepts(It.IsAny<ModelFileProbe>())).Returns(true);
        return analyzer;
    }

    [Test]
    public async Task RunAsync_AnalyzerThrows_ReportsMod001()
    {
        // Given an analyzer that crashes
        var analyzer = Accepting();
        analyzer.Setup(a => a.AnalyzeAsync(It.IsAny<ModelFileProbe>(), It.IsAny<ModelScanSettings>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("boom"));
        using var repo = new TempDirectory();
        repo.Write("model.bin", "anything");

        // When the gate runs it
        var findings = await GateHarness.RunAsync(new ModelScanGate([analyzer.Object]), repo.Path);

        // Then the file is reported as not fully analysed
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.EqualTo(new[] { "MOD001 model.bin" }));
        Assert.That(findings[0].Message, Does.Contain("boom"));
    }

    [Test]
    public async Task RunAsync_AcceptsThrows_ReportsMod001()
    {
        // Given an analyzer that crashes while deciding whether a file is its format
        var analyzer = new Mock<IModelFileAnalyzer>();
        analyzer.Setup(a => a.Rules).Returns([]);
        analyzer.Setup(a => a.Accepts(It.IsAny<ModelFileProbe>())).Throws(new FormatException("bad head"));
        using var repo = new TempDirectory();
        repo.Write("model.bin", "anything");

        // When the gate runs it
        var findings = await GateHarness.RunAsync(new ModelScanGate([analyzer.Object]), repo.Path);

        // Then the file is reported, not skipped
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.Path}"), Is.EqualTo(new[] { "MOD001 model.bin" }));
    }

    [Test]
    public async Task RunAsync_AnalyzerExceedsFileTime_ReportsMod001()
    {
        // Given an analyzer that never finishes on its own and a one-second file budget
        var analyzer = Accepting();
        analyzer.Setup(a => a.AnalyzeAsync(It.IsAny<ModelFileProbe>(), It.IsAny<ModelScanSettings>(), It.IsAny<CancellationToken>()))
            .Returns(async (ModelFileProbe _, ModelScanSettings _, CancellationToken token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return (IReadOnlyList<Finding>)[];
            });
        using var repo = new TempDirectory();
        repo.Write("model.bin", "anything");

        // When the gate runs it
        var findings = await GateHarness.RunAsync(new ModelScanGate([analyzer.Object]), repo.Path, GateHarness.Settings(("max-file-seconds", 1)));

        // Then the overrun is reported
        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD001" }));
        Assert.That(findings[0].Message, Does.Contain("longer than 1 s"));
    }
}
