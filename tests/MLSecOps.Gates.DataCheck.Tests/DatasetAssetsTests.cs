using MLSecOps.Core.Inventory;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DataCheck.Tests;

/// <summary>The inventory the gate hands the bill of materials: data sets of examples/ml-repo with DVC provenance and profiles.</summary>
public sealed class DatasetAssetsTests
{
    private static readonly string Data = Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo", "data");

    [Test]
    public async Task Run_ExampleData_ListsEachDataSetWithProvenanceAndProfile()
    {
        // When the gate runs over the example data with hashing asked for
        var result = await GateHarness.ResultAsync(new DataCheckGate(), Data, hashAssets: true);

        // Then every tabular or JSON Lines file is a data set, and cards and scripts are not
        Assert.That(result.Assets.Select(a => a.Key), Is.EqualTo(new[]
        {
            "raw/features.csv", "raw/labels.csv", "reviews.csv", "support-tickets-clean.jsonl", "support-tickets.jsonl", "train-clean.csv", "train-poisoned.csv",
        }));
        Assert.That(result.Assets, Has.All.Matches<Asset>(a => a.Kind == AssetKind.Dataset && a.Hashes.ContainsKey(FileDigest.Sha256)));

        // A DVC-tracked file carries the pointer's md5 and names the pointer
        var features = result.Assets.Single(a => a.Key == "raw/features.csv");
        Assert.That(features.Properties["provenance"], Is.EqualTo("dvc"));
        Assert.That(features.Files, Is.EqualTo(new[] { "raw/features.csv", "raw/features.csv.dvc" }));
        Assert.That(features.Hashes["MD5"], Has.Length.EqualTo(32));

        // A profiled file carries its row count and schema
        var train = result.Assets.Single(a => a.Key == "train-clean.csv");
        Assert.That(int.Parse(train.Properties["rows"], System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(0));
        Assert.That(train.Properties["columns"], Does.Contain(":"));
    }

    [Test]
    public async Task Run_LfsPointer_RecordsItsOidAsTheHash()
    {
        using var temp = new TempDirectory();
        var oid = new string('c', 64);
        temp.Write("data/big.parquet", $"version https://git-lfs.github.com/spec/v1\noid sha256:{oid}\nsize 123456\n");

        var result = await GateHarness.ResultAsync(new DataCheckGate(), temp.Path);

        var asset = result.Assets.Single();
        Assert.That(asset.Hashes[FileDigest.Sha256], Is.EqualTo(oid));
        Assert.That(asset.Size, Is.EqualTo(123456));
        Assert.That(asset.Properties["provenance"], Is.EqualTo("git-lfs"));
    }
}
