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
    public void Apply_BackslashInName_IsNotAFolderForGlobs()
    {
        // models/fixtures\evil.pkl is one file named 'fixtures\evil.pkl' in models/, not a file in models/fixtures/.
        var files = new[] { new ScanFile("/r/models/fixtures\\evil.pkl", "models/fixtures\\evil.pkl", 1) };

        var selected = new FileSelection(["**"], ["**/fixtures/**"], "").Apply(files);

        Assert.That(selected.Select(f => f.RelativePath), Is.EqualTo(new[] { "models/fixtures\\evil.pkl" }));
    }

    [Test]
    public void Findings_ProblemsInTheSelection_BecomePolicyFindings()
    {
        // Given problems inside and outside a gate's paths
        var inventory = new FileInventory([],
        [
            new DiscoveryProblem("ex/models/model.pkl", DiscoveryProblemKind.Unreadable, "a named pipe (FIFO), not a regular file", IsFolder: false),
            new DiscoveryProblem("ex/models/out.pkl", DiscoveryProblemKind.LinkOutsideRepository, "it points to /etc/passwd, outside the repository", IsFolder: false),
            new DiscoveryProblem("ex/models/locked", DiscoveryProblemKind.Unreadable, "the folder could not be read", IsFolder: true),
            new DiscoveryProblem("ex/data/d.csv", DiscoveryProblemKind.Unreadable, "a socket, not a regular file", IsFolder: false),
            new DiscoveryProblem("ex/data", DiscoveryProblemKind.Unreadable, "the folder could not be read", IsFolder: true),
            new DiscoveryProblem("ex/models/fixtures", DiscoveryProblemKind.Unreadable, "the folder could not be read", IsFolder: true),
            new DiscoveryProblem("ex/models/cache", DiscoveryProblemKind.IgnoredWithoutGit, "the folder is not a git checkout", IsFolder: true),
        ]);

        // When
        var findings = new FileSelection(["models/**"], ["**/fixtures/**"], "ex/").Findings(inventory);

        // Then
        Assert.That(findings.Select(f => (f.Rule.Id, f.Location.Path)), Is.EqualTo(new[]
        {
            ("POL004", "ex/models/model.pkl"),
            ("POL004", "ex/models/locked"),
            ("POL005", "ex/models/out.pkl"),
            ("POL006", "ex/models/cache"),
        }));
        Assert.That(findings[0].Message, Is.EqualTo("Path not scanned: a named pipe (FIFO), not a regular file."));
        Assert.That(findings[3].Message, Is.EqualTo(".gitignore rules skipped 1 path(s) without scanning them (the folder is not a git checkout): ex/models/cache/."));
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
