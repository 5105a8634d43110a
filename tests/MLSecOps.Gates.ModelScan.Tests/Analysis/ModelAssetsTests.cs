using System.Security.Cryptography;
using MLSecOps.Core.Inventory;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Analysis;

/// <summary>The inventory the gate hands the bill of materials: every model file of examples/ml-repo with format and hash.</summary>
public sealed class ModelAssetsTests
{
    private static readonly string Models = Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo", "models");

    [Test]
    public async Task Run_WithHashing_ListsEveryModelFileWithItsFormatAndSha256()
    {
        // When the gate runs over the example models with hashing asked for
        var result = await GateHarness.ResultAsync(new ModelScanGate(), Models, hashAssets: true);

        // Then each model file is an asset; config and card files are not
        Assert.That(result.Assets.Select(a => $"{a.Key} {a.Format} {a.Framework}"), Is.EqualTo(new[]
        {
            "classifier/model.keras zip keras",
            "encoder/model.safetensors safetensors safetensors",
            "keras-lambda/model.keras zip keras",
            "legacy/classifier.pkl pickle ",
            "sentiment/model.pt zip pytorch",
        }));
        foreach (var asset in result.Assets)
        {
            var expected = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Models, asset.Key))));
            Assert.That(asset.Hashes[FileDigest.Sha256], Is.EqualTo(expected), asset.Key);
            Assert.That(asset.Size, Is.EqualTo(new FileInfo(Path.Combine(Models, asset.Key)).Length));
            Assert.That(asset.Kind, Is.EqualTo(AssetKind.Model));
        }
    }

    [Test]
    public async Task Run_WithoutHashing_ListsTheModelsWithoutReadingThemAgain()
    {
        var result = await GateHarness.ResultAsync(new ModelScanGate(), Models);

        Assert.That(result.Assets, Has.Count.EqualTo(5));
        Assert.That(result.Assets.SelectMany(a => a.Hashes), Is.Empty);
    }
}
