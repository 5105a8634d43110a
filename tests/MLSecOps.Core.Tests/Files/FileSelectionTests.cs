using MLSecOps.Core.Files;
using MLSecOps.Core.Gates;

namespace MLSecOps.Core.Tests.Files;

public sealed class FileSelectionTests
{
    private static readonly ScanFile[] s_files =
    [
        new("/r/ex/models/a.pt", "ex/models/a.pt", 1),
        new("/r/ex/models/fixtures/b.pt", "ex/models/fixtures/b.pt", 1),
        new("/r/ex/data/c.csv", "ex/data/c.csv", 1),
    ];

    [Test]
    public void Apply_GlobsAreRelativeToTheScannedFolder()
    {
        var selection = new FileSelection(["models/**"], ["**/fixtures/**"], "ex/");

        Assert.That(selection.Apply(s_files).Select(f => f.RelativePath), Is.EqualTo(new[] { "ex/models/a.pt" }));
    }

    [Test]
    public void Apply_Shards_AreDisjointAndCoverEveryFile()
    {
        var files = Enumerable.Range(0, 200).Select(i => new ScanFile($"/r/f{i}", $"f{i}.bin", 1)).ToList();

        var shards = Enumerable.Range(1, 3).Select(i => new FileSelection(["**"], [], "", new Shard(i, 3)).Apply(files)).ToList();

        Assert.That(shards.Sum(s => s.Count), Is.EqualTo(200));
        Assert.That(shards.SelectMany(s => s).Select(f => f.RelativePath).Distinct().Count(), Is.EqualTo(200));
        Assert.That(shards.Select(s => s.Count), Is.All.GreaterThan(40));
    }

    [TestCase("2/4", 2, 4)]
    [TestCase("1/1", 1, 1)]
    public void ShardTryParse_Valid(string text, int index, int count)
    {
        Assert.That(Shard.TryParse(text), Is.EqualTo(new Shard(index, count)));
    }

    [TestCase("0/4")]
    [TestCase("5/4")]
    [TestCase("a/b")]
    [TestCase("3")]
    public void ShardTryParse_Invalid_ReturnsNull(string text)
    {
        Assert.That(Shard.TryParse(text), Is.Null);
    }
}
