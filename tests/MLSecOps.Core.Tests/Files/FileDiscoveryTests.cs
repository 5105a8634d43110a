using MLSecOps.Core.Files;
using MLSecOps.TestKit;

namespace MLSecOps.Core.Tests.Files;

public sealed class FileDiscoveryTests
{
    [Test]
    public void Discover_SkipsGitFolderAndIgnoredFiles()
    {
        // Given a repository with a .git folder, ignore rules at two levels and a negation
        using var repo = new TempDirectory();
        repo.Write(".git/config", "x");
        repo.Write(".gitignore", "*.log\nbuild/\n/top-only.txt\n");
        repo.Write("models/.gitignore", "cache/**\n!keep.log\n");
        repo.Write("models/a.pt", "x");
        repo.Write("models/run.log", "x");
        repo.Write("models/keep.log", "x");
        repo.Write("models/cache/x.bin", "x");
        repo.Write("build/out.pkl", "x");
        repo.Write("top-only.txt", "x");
        repo.Write("sub/top-only.txt", "x");

        // When
        var files = FileDiscovery.Discover(repo.Path, repo.Path).Files.Select(f => f.RelativePath);

        // Then
        Assert.That(files, Is.EqualTo(new[] { ".gitignore", "models/.gitignore", "models/a.pt", "models/keep.log", "sub/top-only.txt" }));
    }

    [Test]
    public void Discover_SubfolderScan_AppliesAncestorIgnoreRulesAndRootRelativePaths()
    {
        using var repo = new TempDirectory();
        repo.Write(".gitignore", "*.tmp\n");
        repo.Write("examples/app/model.pkl", "x");
        repo.Write("examples/app/x.tmp", "x");

        var files = FileDiscovery.Discover(repo.Path, Path.Combine(repo.Path, "examples/app")).Files;

        Assert.That(files.Select(f => f.RelativePath), Is.EqualTo(new[] { "examples/app/model.pkl" }));
    }

    [Test]
    public void Discover_NeverFollowsLinksOutOfTheRoot()
    {
        // Given links to a file and a folder outside the repository, and a link inside it
        using var outside = new TempDirectory();
        outside.Write("secret.txt", "x");
        using var repo = new TempDirectory();
        repo.Write("real.txt", "x");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "escape.txt"), Path.Combine(outside.Path, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(repo.Path, "escape-dir"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(repo.Path, "inside.txt"), Path.Combine(repo.Path, "real.txt"));

        // When
        var inventory = FileDiscovery.Discover(repo.Path, repo.Path);

        // Then only the real file shows, once, and both links out are reported rather than skipped silently
        Assert.That(inventory.Files.Select(f => f.RelativePath), Is.EqualTo(new[] { "real.txt" }));
        Assert.That(inventory.Problems.Select(p => (p.RelativePath, p.Kind)), Is.EqualTo(new[]
        {
            ("escape-dir", DiscoveryProblemKind.LinkOutsideRepository),
            ("escape.txt", DiscoveryProblemKind.LinkOutsideRepository),
        }));
    }

    [Test]
    public void Discover_SingleFile_ReturnsIt()
    {
        using var repo = new TempDirectory();
        var file = repo.Write("models/m.pkl", "x");

        var files = FileDiscovery.Discover(repo.Path, file).Files;

        Assert.That(files.Single().RelativePath, Is.EqualTo("models/m.pkl"));
    }
}
