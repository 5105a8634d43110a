using System.Diagnostics;
using System.Text;
using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

/// <summary>Issue #8: hostile repositories must give findings or a clear exit 2, never a crash, a hang or a silent pass.</summary>
public sealed class HostileInputTests
{
    // A protocol 2 pickle that calls posix.system("id") when loaded (MOD002, critical).
    private static readonly byte[] s_evilPickle = Encoding.Latin1.GetBytes("\u0080\u0002cposix\nsystem\nq\u0000X\u0002\u0000\u0000\u0000idq\u0001\u0085q\u0002Rq\u0003.");

    [Test]
    [Category("Process")]
    public async Task Scan_PolicyWith45000NestedFlowSequences_ExitsTwoWithALocatedLine()
    {
        // Given a 90 KB .mlsecops.yml, as a pull request could commit it
        using var repo = new TempDirectory();
        repo.Write(".mlsecops.yml", "version: 1\nrules: " + new string('[', 45_000) + new string(']', 45_000) + "\n");

        // When the real CLI runs in its own process (a stack overflow would end it with 134)
        var run = await CliProcess.RunAsync(repo.Path, "scan", ".");

        // Then
        Assert.That(run.ExitCode, Is.EqualTo(2), run.Error);
        Assert.That(run.Error, Does.Contain("mlsecops: .mlsecops.yml:2:71: YAML nested deeper than 64 levels; a policy file is a few levels deep, is it the right file?"));
    }

    [Test]
    [Category("Process")]
    public async Task ModelScan_H5With20000NestedVariableLengthTypes_IsAFindingAndTheProcessSurvives()
    {
        // Given the 166 KB .h5 whose model_config datatype nests 20,000 levels (tests/fixtures/model-scan/hostile/generate.py)
        using var repo = new TempDirectory();
        repo.Copy(FixturePaths.Of("model-scan/hostile/deep-vlen.h5"), "models/model.h5");

        // When
        var run = await CliProcess.RunAsync(repo.Path, "model-scan", ".", "--sarif", "out.sarif");

        // Then it fails closed with MOD001 and still writes its SARIF
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Out, Does.Contain("MOD001 models/model.h5:1").And.Contain("the HDF5 file was not decoded: the 'model_config' attribute's datatype runs past its declared size"));
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "out.sarif")), Does.Contain("MOD001"));
    }

    [Test]
    [Category("Process")]
    public async Task Scan_FifosNamedModelAndDockerfile_FinishWithFindingsInsteadOfHanging()
    {
        using var repo = new TempDirectory();
        repo.Write("models/real.pkl", s_evilPickle);
        Run("mkfifo", Path.Combine(repo.Path, "models/model.pkl"));
        Run("mkfifo", Path.Combine(repo.Path, "Dockerfile"));

        var run = await CliProcess.RunAsync(repo.Path, "scan", ".");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Out, Does.Contain("HIGH POL004 models/model.pkl:1 Path not scanned: a named pipe (FIFO), not a regular file."));
        Assert.That(run.Out, Does.Contain("HIGH POL004 Dockerfile:1 Path not scanned: a named pipe (FIFO), not a regular file."));
        Assert.That(run.Out, Does.Contain("CRITICAL MOD002 models/real.pkl:1"));
    }

    [Test]
    public async Task Scan_PickleTrackedByGitButIgnored_IsScannedAndBlocks()
    {
        // Given a malicious model.pkl matched by .gitignore but tracked with 'git add -f'
        using var repo = new TempDirectory();
        repo.Write(".gitignore", "*.pkl\n");
        repo.Write("models/model.pkl", s_evilPickle);
        repo.Write("models/local-cache.pkl", s_evilPickle);
        Run("git", "-C", repo.Path, "init", "-q");
        Run("git", "-C", repo.Path, "add", "-f", "models/model.pkl");

        // When
        var run = await CliRun.InvokeAsync(repo.Path, null, null, "scan", ".");

        // Then the tracked file is scanned and the untracked ignored one is not
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Out, Does.Contain("CRITICAL MOD002 models/model.pkl:1"));
        Assert.That(run.Out, Does.Not.Contain("local-cache.pkl"));
    }

    [Test]
    public async Task Scan_BackslashInFileName_IsNotExcludedByAFolderGlobAndKeepsItsName()
    {
        Assume.That(Path.DirectorySeparatorChar, Is.EqualTo('/'));
        using var repo = new TempDirectory();
        repo.Write(".mlsecops.yml", "version: 1\ngates:\n  model-scan:\n    exclude: [\"**/fixtures/**\"]\n");
        repo.Write("models/fixtures\\evil.pkl", s_evilPickle);
        repo.Write("models/fixtures/test.pkl", s_evilPickle);

        var run = await CliRun.InvokeAsync(repo.Path, null, null, "model-scan", ".");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Out, Does.Contain("CRITICAL MOD002 models/fixtures\\evil.pkl:1"));
        Assert.That(run.Out, Does.Not.Contain("models/fixtures/test.pkl"));
    }

    [Test]
    public async Task Scan_LinkOutOfTheRepository_IsAFinding()
    {
        using var outside = new TempDirectory();
        var target = outside.Write("model.pkl", s_evilPickle);
        using var repo = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(repo.Path, "models"));
        File.CreateSymbolicLink(Path.Combine(repo.Path, "models/model.pkl"), target);

        var run = await CliRun.InvokeAsync(repo.Path, null, null, "model-scan", ".");

        Assert.That(run.Out, Does.Contain($"MEDIUM POL005 models/model.pkl:1 Link not followed: it points to {target}, outside the repository; its target was not scanned."));
    }

    [Test]
    public async Task Scan_EscapeInFileNameUnderGitHubActions_NeverReachesTheLog()
    {
        // Given a file name carrying ESC sequences that would erase and rewrite log lines
        using var repo = new TempDirectory();
        repo.Write("models/a\u001b[2K\u001b[1Ab.pkl", s_evilPickle);
        var environment = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_WORKSPACE"] = repo.Path };

        // When
        var run = await CliRun.InvokeAsync(repo.Path, environment, null, "model-scan", ".", "--platform", "github");

        // Then the annotation names the file with the escape made visible, and no raw control character is printed
        Assert.That(run.Out, Does.Contain("::error file=models/a\\u001B[2K\\u001B[1Ab.pkl,line=1,"));
        Assert.That(run.Out.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal).Any(char.IsControl), Is.False);
    }

    private static void Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, process.StandardError.ReadToEnd());
    }
}
