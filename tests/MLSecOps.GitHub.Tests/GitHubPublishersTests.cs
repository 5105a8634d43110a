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
}
