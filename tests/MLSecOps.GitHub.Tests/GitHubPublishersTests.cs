using MLSecOps.Core.Rules;
using MLSecOps.GitHub.Tests.Api;
using MLSecOps.TestKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MLSecOps.GitHub.Tests;

public sealed class GitHubPublishersTests
{
    [Test]
    public void Create_EverythingOn_MasksTokenAndOrdersPublishers()
    {
        using var stdout = new StringWriter();
        var environment = Some.PullRequestEnvironment("https://api.github.com");

        var publishers = GitHubPublishers.Create(environment, new GitHubPublishOptions { PullRequestComment = true, SarifFile = "out.sarif" }, stdout, TimeProvider.System);

        Assert.That(stdout.ToString(), Is.EqualTo("::add-mask::ghs_testtoken123456\n"));
        Assert.That(publishers.Select(p => (p.Name, p.IsRequired)), Is.EqualTo(new[]
        {
            ("github-outputs", true),
            ("github-annotations", true),
            ("github-code-scanning", false),
            ("github-check-run", false),
            ("github-pr-comment", false),
        }));
    }

    [Test]
    public void Create_NoSarifFileAndApisOff_OnlyLocalPublishers()
    {
        var options = new GitHubPublishOptions { CheckRun = false, Annotations = false };

        var publishers = GitHubPublishers.Create(Some.PullRequestEnvironment("https://api.github.com", token: null), options, TextWriter.Null, TimeProvider.System);

        Assert.That(publishers.Select(p => p.Name), Is.EqualTo(new[] { "github-outputs" }));
    }

    [TestCase("/github/workspace/out/model-scan.sarif", "out/model-scan.sarif")]
    [TestCase("model-scan.sarif", "model-scan.sarif")]
    [TestCase("/tmp/model-scan.sarif", "/tmp/model-scan.sarif")]
    public void WorkspaceRelative_Path_IsRelativeOnlyInsideTheWorkspace(string path, string expected)
    {
        Assert.That(GitHubPublishers.WorkspaceRelative(path, "/github/workspace"), Is.EqualTo(expected));
    }

    [Test]
    public async Task PublishAsync_GitHubDownEverywhere_WritesLocalOutputsAndOnlyWarns()
    {
        using var github = new FakeGitHub();
        github.Server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(502).WithHeader("Content-Type", "application/json").WithBody("{\"message\":\"Bad Gateway\"}"));
        using var dir = new TempDirectory();
        var sarif = dir.Copy(FixturePaths.Of("github/two-gates.sarif"), "mlsecops.sarif");
        var environment = github.Environment() with { OutputPath = Path.Combine(dir.Path, "output"), StepSummaryPath = Path.Combine(dir.Path, "summary.md") };
        var options = FakeGitHub.FastOptions with { PullRequestComment = true, SarifFile = sarif, StepSummary = r => "# MLSecOps", Delimiters = () => "d" };
        using var stdout = new StringWriter();
        var report = Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.Critical)));

        foreach (var publisher in GitHubPublishers.Create(environment, options, stdout, TimeProvider.System))
        {
            await publisher.PublishAsync(report, CancellationToken.None);
        }

        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("::add-mask::ghs_testtoken123456"));
        Assert.That(lines[1], Does.StartWith("::error file=models/a.pkl,line=1,title=MOD001"));
        Assert.That(lines.Skip(2).Select(l => l[..l.IndexOf("::", 2, StringComparison.Ordinal)]), Is.EqualTo(new[]
        {
            "::warning title=MLSecOps",
            "::warning title=MLSecOps",
            "::warning title=MLSecOps",
        }));
        Assert.That(lines.Count(l => l.Contains("ghs_testtoken123456", StringComparison.Ordinal)), Is.EqualTo(1), "the token appears only in add-mask");
        Assert.That(lines.Skip(2), Has.All.Contain("HTTP 502: Bad Gateway"));
        Assert.That(await File.ReadAllTextAsync(environment.OutputPath!), Does.StartWith("decision=fail\n"));
        Assert.That(await File.ReadAllTextAsync(environment.StepSummaryPath!), Is.EqualTo("# MLSecOps\n"));
    }
}
