using MLSecOps.TestKit;

namespace MLSecOps.Gates.DesignReview.Tests;

/// <summary>examples/ml-repo: a filled threat model, model card and data-set card with exactly one planted gap each.</summary>
public sealed class ExampleRepositoryTests
{
    [Test]
    public async Task Run_ExampleRepository_ReportsExactlyThePlantedGaps()
    {
        // Given the example repository with its policy's design-review settings
        var root = Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo");
        var settings = GateHarness.Settings(("threat-model", "docs/threat-model.yml"), ("model-cards", (IReadOnlyList<string>)["models/README.md"]));

        // When
        var findings = await GateHarness.RunAsync(new DesignReviewGate(), root, settings);

        // Then only the three documented gaps are reported
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location}").Order(), Is.EqualTo(new[]
        {
            "DES006 docs/threat-model.yml:37:5",
            "DES012 models/README.md:1",
            "DES021 data/README.md:18",
        }), string.Join("\n", findings.Select(f => $"{f.Rule.Id} {f.Location} {f.Message}")));
    }
}
