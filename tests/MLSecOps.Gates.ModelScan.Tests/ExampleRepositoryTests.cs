using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests;

/// <summary>The example repository's models: the planted malicious pickle is caught, the clean checkpoint passes.</summary>
public class ExampleRepositoryTests
{
    [Test]
    public async Task Scan_ExampleModels_ReportsOnlyThePlantedProblems()
    {
        // Given examples/ml-repo/models, When the gate scans it
        var findings = await GateHarness.RunAsync(new ModelScanGate(), Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo", "models"));

        // Then only the planted pickle, chat template and Keras Lambda are reported; the clean models pass
        Assert.That(
            findings.Select(f => $"{f.Rule.Id} {f.Location.Path} {f.Location.LogicalPath}").Order(StringComparer.Ordinal),
            Is.EqualTo(new[]
            {
                "MOD002 legacy/classifier.pkl @offset 2",
                "MOD050 keras-lambda/model.keras config.json/config.layers[1]",
                "MOD071 chat/tokenizer_config.json chat_template",
            }));
    }
}
