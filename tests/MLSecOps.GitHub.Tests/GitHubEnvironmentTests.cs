using MLSecOps.TestKit;

namespace MLSecOps.GitHub.Tests;

public sealed class GitHubEnvironmentTests
{
    [Test]
    public void FromVariables_PullRequestEvent_ReadsHeadFromPayload()
    {
        var env = GitHubEnvironment.FromVariables(GitHubInputsTests.Env(
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_REPOSITORY", "acme/fraud-model"),
            ("GITHUB_SHA", Some.MergeSha),
            ("GITHUB_REF", "refs/pull/42/merge"),
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", FixturePaths.Of("github/pull_request_event.json")),
            ("GITHUB_API_URL", "https://ghe.example.com/api/v3"),
            ("GITHUB_RUN_ID", "9001"),
            ("GITHUB_TOKEN", "ghs_fromenv"),
            ("INPUT_TOKEN", "ghp_frominput")));

        Assert.Multiple(() =>
        {
            Assert.That(env.IsGitHubActions, Is.True);
            Assert.That(env.PullRequest, Is.EqualTo(new PullRequestInfo(42, Some.HeadSha, "retrain-q3", false)));
            Assert.That(env.HeadSha, Is.EqualTo(Some.HeadSha));
            Assert.That(env.Owner, Is.EqualTo("acme"));
            Assert.That(env.RepositoryName, Is.EqualTo("fraud-model"));
            Assert.That(env.ApiUrl.AbsoluteUri, Is.EqualTo("https://ghe.example.com/api/v3/"));
            Assert.That(env.RunUrl!.AbsoluteUri, Is.EqualTo("https://github.com/acme/fraud-model/actions/runs/9001"));
            Assert.That(env.Token, Is.EqualTo("ghp_frominput"));
            Assert.That(env.ToString(), Does.Not.Contain("ghp_frominput").And.Contain("Token = ***"));
        });
    }

    [Test]
    public void FromVariables_ForkPullRequest_IsFromFork()
    {
        var env = GitHubEnvironment.FromVariables(GitHubInputsTests.Env(("GITHUB_EVENT_PATH", FixturePaths.Of("github/fork_pull_request_event.json"))));

        Assert.That(env.PullRequest, Is.EqualTo(new PullRequestInfo(42, Some.HeadSha, "patch-1", true)));
    }

    [Test]
    public void FromVariables_PushWithoutPayload_UsesGitHubSha()
    {
        var env = GitHubEnvironment.FromVariables(GitHubInputsTests.Env(("GITHUB_SHA", Some.MergeSha), ("GITHUB_EVENT_NAME", "push")));

        Assert.That(env.HeadSha, Is.EqualTo(Some.MergeSha));
        Assert.That(env.PullRequest, Is.Null);
        Assert.That(env.ApiUrl.AbsoluteUri, Is.EqualTo("https://api.github.com/"));
        Assert.That(env.Token, Is.Null);
    }

    [Test]
    public void FromVariables_MalformedPayload_ReportsErrorWithoutThrowing()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("event.json", "{\"pull_request\": {\"number\": 4");

        var env = GitHubEnvironment.FromVariables(GitHubInputsTests.Env(("GITHUB_EVENT_PATH", path)));

        Assert.That(env.PullRequest, Is.Null);
        Assert.That(env.EventPayloadError, Does.StartWith("cannot read event payload"));
    }
}
