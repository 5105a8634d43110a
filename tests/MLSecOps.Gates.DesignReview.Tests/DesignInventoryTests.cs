using MLSecOps.Core.Inventory;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DesignReview.Tests;

/// <summary>What the design review tells the BOM and the compliance view for examples/ml-repo: card fields and mitigations.</summary>
public sealed class DesignInventoryTests
{
    private static readonly string Root = Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo");

    [Test]
    public async Task Run_ExampleRepository_GivesEachDocumentedModelItsCardFields()
    {
        var settings = GateHarness.Settings(("threat-model", "docs/threat-model.yml"), ("model-cards", (IReadOnlyList<string>)["models/README.md"]));

        var result = await GateHarness.ResultAsync(new DesignReviewGate(), Root, settings);

        var models = result.Assets.Where(a => a.Kind == AssetKind.Model).ToList();
        Assert.That(models, Is.Not.Empty);
        var model = models.Single(a => a.Key == "models/legacy/classifier.pkl");
        Assert.That(model.License, Is.EqualTo("apache-2.0"));
        Assert.That(model.BaseModel, Is.EqualTo("distilbert-base-uncased"));
        Assert.That(model.Card["datasets"], Is.EqualTo("example/product-reviews"));
        Assert.That(model.Card["limitations"], Does.StartWith("Evaluated on reviews split by product category"));
        Assert.That(model.Files, Does.Contain("models/README.md"));
        Assert.That(result.Assets.Where(a => a.Kind == AssetKind.Dataset).Select(a => a.License).Distinct(), Is.EqualTo(new[] { "cc-by-4.0" }));
    }

    [Test]
    public async Task Run_ExampleRepository_ReportsTheThreatModelMitigationsWithOwners()
    {
        var settings = GateHarness.Settings(("threat-model", "docs/threat-model.yml"));

        var result = await GateHarness.ResultAsync(new DesignReviewGate(), Root, settings);

        var model = result.Mitigations.Single(m => m.Threat == "model-theft");
        Assert.That(model.Owner, Is.EqualTo("@example/platform"));
        Assert.That(model.Status, Is.EqualTo("verified"));
        Assert.That(model.VerifiedBy, Is.EqualTo(new[] { "DEP042", "DEP040" }));
        Assert.That(model.Atlas, Is.EqualTo(new[] { "AML.T0024.002", "AML.T0040" }));
        Assert.That(model.Path, Is.EqualTo("docs/threat-model.yml"));
        Assert.That(result.Mitigations.Select(m => m.Threat), Does.Not.Contain("prompt-self-replication"));
    }
}
