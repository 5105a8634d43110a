using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests;

/// <summary>The example repository's models: the planted malicious pickle is caught, the clean checkpoint passes.</summary>
public class ExampleRepositoryTests
{
    [Test]
    public async Task Scan_ExampleModels_ReportsOnlyThePlantedPickle()
    {
        // Given examples/ml-repo/models, When the gate scans it
        var findings = await GateHarness.RunAsync(new ModelScanGate(), Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo", "models"));

        // Then only legacy/classifier.pkl is reported, for posix.system
        Assert.That(
            findings.Select(f => $"{f.Rule.Id} {f.Location.Path} {f.Location.LogicalPath}"),
            Is.EqualTo(new[] { "MOD002 legacy/classifier.pkl @offset 2" }));
    }
}
