using System.Diagnostics;
using MLSecOps.Core.Files;
using MLSecOps.TestKit;

namespace MLSecOps.Core.Tests.Files;

/// <summary>Discovery against hostile trees: ignored-but-tracked files, odd names, special files, loops and failing folders.</summary>
public sealed class FileDiscoveryHostileTests
{
    [Test]
    public void Discover_GitTracksAnIgnoredFile_ScansItButNotUntrackedIgnoredOutput()
    {
        // Given a real git repository where *.pkl is ignored but models/model.pkl was added with 'git add -f'
        using var repo = new TempDirectory();
        repo.Write(".gitignore", "*.pkl\nbuild/\n");
        repo.Write("models/model.pkl", "payload");
        repo.Write("models/untracked.pkl", "x");
        repo.Write("build/out.bin", "x");
        repo.Write("vendor/.gitignore", "*\n");
        repo.Write("vendor/lib/tracked.pkl", "x");
        Git(repo.Path, "init", "-q");
        Git(repo.Path, "add", ".gitignore");
        Git(repo.Path, "add", "-f", "models/model.pkl", "vendor/lib/tracked.pkl");

        // When
        var inventory = FileDiscovery.Discover(repo.Path, repo.Path);

        // Then what git tracks is scanned, ignored untracked output is not, and nothing is reported as skipped
        Assert.That(inventory.Files.Select(f => f.RelativePath), Is.EqualTo(new[] { ".gitignore", "models/model.pkl", "vendor/lib/tracked.pkl" }));
        Assert.That(inventory.Problems, Is.Empty);
    }

    [Test]
    public void Discover_SubfolderOfACheckout_StillScansTrackedIgnoredFiles()
    {
        using var repo = new TempDirectory();
        repo.Write(".gitignore", "*.pkl\n");
        repo.Write("examples/app/model.pkl", "payload");
        Git(repo.Path, "init", "-q");
        Git(repo.Path, "add", "-f", "examples/app/model.pkl");

        var inventory = FileDiscovery.Discover(repo.Path, Path.Combine(repo.Path, "examples"));

        Assert.That(inventory.Files.Select(f => f.RelativePath), Is.EqualTo(new[] { "examples/app/model.pkl" }));
    }

    [Test]
    public void Discover_NotAGitCheckout_SaysWhatIgnoreRulesSkipped()
    {
        using var repo = new TempDirectory();
        repo.Write(".gitignore", "*.pkl\ncache/\n");
        repo.Write("model.pkl", "payload");
        repo.Write("cache/x.bin", "x");

        var inventory = FileDiscovery.Discover(repo.Path, repo.Path);

        Assert.That(inventory.Files.Select(f => f.RelativePath), Is.EqualTo(new[] { ".gitignore" }));
        Assert.That(inventory.Problems, Is.EqualTo(new[]
        {
            new DiscoveryProblem("cache", DiscoveryProblemKind.IgnoredWithoutGit, "the folder is not a git checkout", IsFolder: true),
            new DiscoveryProblem("model.pkl", DiscoveryProblemKind.IgnoredWithoutGit, "the folder is not a git checkout", IsFolder: false),
        }));
    }

    [Test]
    public void Discover_GitMissing_FallsBackToIgnoreRulesAndSaysSo()
    {
        using var repo = new TempDirectory();
        repo.Write(".gitignore", "*.pkl\n");
        repo.Write("model.pkl", "payload");
        Git(repo.Path, "init", "-q");
        Git(repo.Path, "add", "-f", "model.pkl");

        var inventory = FileDiscovery.Discover(repo.Path, repo.Path, new DiscoveryOptions { GitExecutable = Path.Combine(repo.Path, "no-such-git") });

        var problem = inventory.Problems.Single();
        Assert.That((problem.RelativePath, problem.Kind), Is.EqualTo(("model.pkl", DiscoveryProblemKind.IgnoredWithoutGit)));
        Assert.That(problem.Detail, Does.StartWith("git could not be started"));
    }

    [Test]
    public void Discover_BackslashInName_KeepsTheRealName()
    {
        // A backslash is an ordinary character in a Linux file name; it must not turn into a folder separator.
        Assume.That(Path.DirectorySeparatorChar, Is.EqualTo('/'));
        using var repo = new TempDirectory();
        repo.Write("models/fixtures\\evil.pkl", "payload");

        var file = FileDiscovery.Discover(repo.Path, repo.Path).Files.Single();

        Assert.That(file.RelativePath, Is.EqualTo("models/fixtures\\evil.pkl"));
        Assert.That(File.Exists(file.FullPath), Is.True);
    }

    [Test]
    public void Discover_FifoAndSocketNamedLikeModels_AreProblemsAndNeverOpened()
    {
        // Given a FIFO named model.pkl (opening it would block forever) next to a real file
        using var repo = new TempDirectory();
        repo.Write("models/real.pkl", "x");
        Run("mkfifo", Path.Combine(repo.Path, "models/model.pkl"));
        Run("mkfifo", Path.Combine(repo.Path, "Dockerfile"));

        // When
        var inventory = FileDiscovery.Discover(repo.Path, repo.Path);

        // Then
        Assert.That(inventory.Files.Select(f => f.RelativePath), Is.EqualTo(new[] { "models/real.pkl" }));
        Assert.That(inventory.Problems, Is.EqualTo(new[]
        {
            new DiscoveryProblem("Dockerfile", DiscoveryProblemKind.Unreadable, "a named pipe (FIFO), not a regular file", IsFolder: false),
            new DiscoveryProblem("models/model.pkl", DiscoveryProblemKind.Unreadable, "a named pipe (FIFO), not a regular file", IsFolder: false),
        }));
    }

    [Test]
    public void Discover_LinkToDevNull_IsReportedAsLeavingTheRepository()
    {
        using var repo = new TempDirectory();
        File.CreateSymbolicLink(Path.Combine(repo.Path, "inside"), "/dev/null");

        var problem = FileDiscovery.Discover(repo.Path, repo.Path).Problems.Single();

        Assert.That(problem.Kind, Is.EqualTo(DiscoveryProblemKind.LinkOutsideRepository));
    }

    [Test]
    public void Discover_SymlinkLoop_IsAProblemAndTheRestIsScanned()
    {
        using var repo = new TempDirectory();
        repo.Write("models/a.pkl", "x");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "models/loop1"), "loop2");
        File.CreateSymbolicLink(Path.Combine(repo.Path, "models/loop2"), "loop1");

        var inventory = FileDiscovery.Discover(repo.Path, repo.Path);

        Assert.That(inventory.Files.Select(f => f.RelativePath), Is.EqualTo(new[] { "models/a.pkl" }));
        Assert.That(inventory.Problems.Select(p => (p.RelativePath, p.Kind)), Is.EqualTo(new[]
        {
            ("models/loop1", DiscoveryProblemKind.Unreadable),
            ("models/loop2", DiscoveryProblemKind.Unreadable),
        }));
    }

    [Test]
    public void Discover_UnreadableAndVanishedFolders_AreProblemsAndTheWalkGoesOn()
    {
        // Given folders the file system refuses (permissions do not stop root, so the refusal is injected at the edge)
        using var repo = new TempDirectory();
        repo.Write("locked/x.pkl", "x");
        repo.Write("gone/y.pkl", "x");
        repo.Write("ok/z.pkl", "x");
        IEnumerable<FileSystemInfo> Enumerate(DirectoryInfo folder) => folder.Name switch
        {
            "locked" => throw new UnauthorizedAccessException("Access to the path is denied."),
            "gone" => throw new DirectoryNotFoundException("Could not find a part of the path."),
            _ => folder.EnumerateFileSystemInfos(),
        };

        // When
        var inventory = FileDiscovery.Discover(repo.Path, repo.Path, DiscoveryOptions.Default, Enumerate);

        // Then
        Assert.That(inventory.Files.Select(f => f.RelativePath), Is.EqualTo(new[] { "ok/z.pkl" }));
        Assert.That(inventory.Problems, Is.EqualTo(new[]
        {
            new DiscoveryProblem("gone", DiscoveryProblemKind.Unreadable, "the folder could not be read (DirectoryNotFoundException)", IsFolder: true),
            new DiscoveryProblem("locked", DiscoveryProblemKind.Unreadable, "the folder could not be read (UnauthorizedAccessException)", IsFolder: true),
        }));
    }

    [Test]
    public void Discover_FifoNamedGitignore_IsNotOpened()
    {
        using var repo = new TempDirectory();
        repo.Write("a.txt", "x");
        Run("mkfifo", Path.Combine(repo.Path, ".gitignore"));

        var inventory = FileDiscovery.Discover(repo.Path, repo.Path);

        Assert.That(inventory.Files.Select(f => f.RelativePath), Is.EqualTo(new[] { "a.txt" }));
        Assert.That(inventory.Problems.Single().RelativePath, Is.EqualTo(".gitignore"));
    }

    private static void Git(string folder, params string[] arguments) =>
        Run("git", ["-C", folder, "-c", "user.email=t@example.com", "-c", "user.name=t", .. arguments]);

    private static void Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
    }
}
