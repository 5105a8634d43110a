using System.Diagnostics;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DesignReview.Tests.Repository;

/// <summary>DES007 reads real git history: a threat model committed before the models it covers is a warning.</summary>
public sealed class ThreatModelOutdatedTests
{
    private static readonly string s_good = FixturePaths.Of("design-review/DES001/threat-model-present.pass");

    [Test]
    public async Task Evaluate_ModelCommittedAfterThreatModel_ReportsDES007()
    {
        // Given a repository whose model changed a day after the threat model's last commit
        using var repo = CopyOf(s_good);
        Git(repo.Path, "init", "-q");
        Commit(repo.Path, "2026-03-01T10:00:00Z", "docs/threat-model.yml", "models/clf/README.md");
        Commit(repo.Path, "2026-03-02T10:00:00Z", "models/clf/model.safetensors");

        // When
        var findings = await GateHarness.RunAsync(new DesignReviewGate(), repo.Path);

        // Then
        var outdated = findings.Where(f => f.Rule.Id == "DES007").ToList();
        Assert.That(outdated, Has.Count.EqualTo(1));
        Assert.That(outdated[0].Location.Path, Is.EqualTo("docs/threat-model.yml"));
        Assert.That(outdated[0].Message, Does.Contain("2026-03-01 10:00").And.Contain("2026-03-02 10:00"));
    }

    [Test]
    public async Task Evaluate_ThreatModelCommittedAfterModel_ReportsNothing()
    {
        using var repo = CopyOf(s_good);
        Git(repo.Path, "init", "-q");
        Commit(repo.Path, "2026-03-01T10:00:00Z", "models/clf/model.safetensors", "models/clf/README.md");
        Commit(repo.Path, "2026-03-02T10:00:00Z", "docs/threat-model.yml");

        var findings = await GateHarness.RunAsync(new DesignReviewGate(), repo.Path);

        Assert.That(findings.Where(f => f.Rule.Id == "DES007"), Is.Empty);
    }

    [Test]
    public async Task Evaluate_NotAGitCheckout_ReportsNothing()
    {
        using var repo = CopyOf(s_good);

        var findings = await GateHarness.RunAsync(new DesignReviewGate(), repo.Path);

        Assert.That(findings.Where(f => f.Rule.Id == "DES007"), Is.Empty);
    }

    private static TempDirectory CopyOf(string source)
    {
        var repo = new TempDirectory();
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            repo.Copy(file, Path.GetRelativePath(source, file));
        }

        return repo;
    }

    private static void Commit(string repo, string when, params string[] paths)
    {
        Git(repo, ["add", .. paths]);
        Git(repo, ["-c", "user.name=fixture", "-c", "user.email=fixture@example.com", "commit", "-q", "-m", "change", "--date", when], when);
    }

    private static void Git(string repo, string[] arguments, string? committerDate = null)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (committerDate is not null)
        {
            start.Environment["GIT_COMMITTER_DATE"] = committerDate;
        }

        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(0), process.StandardError.ReadToEnd());
    }

    private static void Git(string repo, params string[] arguments) => Git(repo, arguments, null);
}
