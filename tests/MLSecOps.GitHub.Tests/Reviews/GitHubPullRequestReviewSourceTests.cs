using MLSecOps.Core.Reviews;
using MLSecOps.GitHub.Reviews;
using MLSecOps.GitHub.Tests.Api;
using MLSecOps.TestKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace MLSecOps.GitHub.Tests.Reviews;

/// <summary>The GitHub review source against a loopback API replaying recorded response shapes; the decision is the shared <see cref="SignOff"/> rule.</summary>
public sealed class GitHubPullRequestReviewSourceTests
{
    private static readonly string[] s_alice = ["alice"];

    [Test]
    public async Task GetAsync_ApprovedOnHead_IsSignedOffAndListsChangedFiles()
    {
        using var github = Serve("approved.json");

        var result = await Source(github).GetAsync(s_alice, CancellationToken.None);

        Assert.That(result.Error, Is.Null);
        Assert.That(result.Change, Is.EqualTo("GitHub pull request #42"));
        Assert.That(result.ChangedPaths, Is.EqualTo(new[] { "models/fraud/model.safetensors", "src/train.py", "docs/threat-model.yml" }));
        Assert.That(result.Verdicts, Is.EqualTo(new[] { new ReviewVerdict("alice", ReviewState.Approved, true, true) }));
        Assert.That(SignOff.Decide(result.Verdicts), Is.EqualTo(SignOffStatus.SignedOff));
    }

    [Test]
    public async Task GetAsync_ChangesRequestedAfterApproval_Blocks()
    {
        using var github = Serve("changes_requested_after_approval.json");

        var result = await Source(github).GetAsync(s_alice, CancellationToken.None);

        Assert.That(SignOff.Decide(result.Verdicts), Is.EqualTo(SignOffStatus.ChangesRequested));
    }

    [Test]
    public async Task GetAsync_ApprovalOnOlderCommit_IsStale()
    {
        using var github = Serve("stale_approval.json");

        var result = await Source(github).GetAsync(s_alice, CancellationToken.None);

        Assert.That(result.Verdicts.Single().OnHeadCommit, Is.False);
        Assert.That(SignOff.Decide(result.Verdicts), Is.EqualTo(SignOffStatus.Missing));
    }

    [Test]
    public async Task GetAsync_DismissedReview_DoesNotCount()
    {
        using var github = Serve("dismissed.json");

        var result = await Source(github).GetAsync(s_alice, CancellationToken.None);

        Assert.That(result.Verdicts.Single().State, Is.EqualTo(ReviewState.Dismissed));
        Assert.That(SignOff.Decide(result.Verdicts), Is.EqualTo(SignOffStatus.Missing));
    }

    [Test]
    public async Task GetAsync_TeamApprover_ResolvesMembershipThroughTheTeamsApi()
    {
        // Given dave approved, and dave is an active member of acme/ml-security but not of acme/other
        using var github = Serve("team_approval.json");
        github.Server.Given(Request.Create().WithPath("/orgs/acme/teams/ml-security/memberships/dave").UsingGet()).RespondWith(Fixture(200, "team_membership_active.json"));
        github.Server.Given(Request.Create().WithPath("/orgs/acme/teams/other/memberships/dave").UsingGet()).RespondWith(Fixture(404, "not_found.json"));

        // When approvers name the teams
        var member = await Source(github).GetAsync(["@acme/ml-security"], CancellationToken.None);
        var outsider = await Source(github).GetAsync(["@acme/other", "alice"], CancellationToken.None);

        // Then membership decides
        Assert.That(SignOff.Decide(member.Verdicts), Is.EqualTo(SignOffStatus.SignedOff));
        Assert.That(SignOff.Decide(outsider.Verdicts), Is.EqualTo(SignOffStatus.Missing));
    }

    [Test]
    public async Task GetAsync_ForkPullRequestWithoutToken_IsSkippedWithoutCallingTheApi()
    {
        using var github = new FakeGitHub();

        var result = await new GitHubPullRequestReviewSource(github.Environment("fork_pull_request_event.json", token: null)).GetAsync(s_alice, CancellationToken.None);

        Assert.That(result.SkippedReason, Does.StartWith("fork pull request #42 without a token"));
        Assert.That(github.Server.LogEntries, Is.Empty);
    }

    [Test]
    public async Task GetAsync_NotAPullRequest_IsSkipped()
    {
        var push = new GitHubEnvironment { EventName = "push", Token = "ghs_x", Repository = "acme/fraud-model" };

        var result = await new GitHubPullRequestReviewSource(push).GetAsync(s_alice, CancellationToken.None);

        Assert.That(result.SkippedReason, Is.EqualTo("not a pull-request run (event 'push')"));
    }

    [Test]
    public async Task GetAsync_ServerErrorsExhaustRetries_ReturnsTheErrorWithoutTheToken()
    {
        // Given an API that keeps failing
        using var github = new FakeGitHub();
        github.Json("GET", "/pulls/42/reviews", 502, new { message = "Server Error" });

        // When
        var result = await Source(github).GetAsync(s_alice, CancellationToken.None);

        // Then it was retried, and the failure is reported, never the token
        Assert.That(github.Requests("GET", "/pulls/42/reviews"), Has.Count.EqualTo(FakeGitHub.FastOptions.Retry.MaxRetryAttempts + 1));
        Assert.That(result.Error, Does.StartWith("HTTP 502"));
        Assert.That(result.Error, Does.Not.Contain("ghs_"));
    }

    [Test]
    public async Task GetAsync_RateLimitedWithRetryAfter_WaitsAndSucceeds()
    {
        // Given the first call is rate limited with Retry-After: 0
        using var github = Serve("approved.json");
        github.Server.Given(github.Request("GET", "/pulls/42/reviews")).AtPriority(1).InScenario("limit").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0").WithHeader("Content-Type", "application/json").WithBody("{\"message\":\"rate limited\"}"));

        // When
        var result = await Source(github).GetAsync(s_alice, CancellationToken.None);

        // Then the retry went through
        Assert.That(result.Error, Is.Null);
        Assert.That(github.Requests("GET", "/pulls/42/reviews"), Has.Count.EqualTo(2));
    }

    private static GitHubPullRequestReviewSource Source(FakeGitHub github) =>
        new(github.Environment(), FakeGitHub.FastOptions.Retry, TimeProvider.System);

    private static FakeGitHub Serve(string reviews)
    {
        var github = new FakeGitHub();
        github.Server.Given(github.Request("GET", "/pulls/42/reviews")).AtPriority(5).RespondWith(Fixture(200, reviews));
        github.Server.Given(github.Request("GET", "/pulls/42/files")).RespondWith(Fixture(200, "files.json"));
        return github;
    }

    private static IResponseBuilder Fixture(int status, string name) =>
        Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json; charset=utf-8")
            .WithBody(File.ReadAllText(FixturePaths.Of("github/reviews/" + name)));
}
