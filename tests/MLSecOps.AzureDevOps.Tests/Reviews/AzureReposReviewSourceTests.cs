using MLSecOps.AzureDevOps.Reviews;
using MLSecOps.Core.Reviews;
using MLSecOps.TestKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MLSecOps.AzureDevOps.Tests.Reviews;

/// <summary>The Azure Repos review source against a loopback server replaying recorded REST 7.1 shapes.</summary>
public sealed class AzureReposReviewSourceTests
{
    private const string Prefix = "/contoso/ml project/_apis/git/repositories/repo-1/pullRequests/42";
    private static readonly AzureReposReviewOptions s_fast = new() { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryAttempts = 2 };

    private WireMockServer _server = null!;
    private HttpClient _http = null!;

    [SetUp]
    public void StartServer()
    {
        _server = WireMockServer.Start();
        _http = new HttpClient();
    }

    [TearDown]
    public void StopServer()
    {
        _http.Dispose();
        _server.Stop();
        _server.Dispose();
    }

    [Test]
    public async Task GetAsync_RequiredReviewerApprovedAfterLastPush_IsSignedOff()
    {
        Serve("pr_approved_by_required.json", "threads_voted_after_push.json");

        var result = await Source().GetAsync([], CancellationToken.None);

        Assert.That(result.Error, Is.Null);
        Assert.That(result.HeadCommit, Is.EqualTo("b60280bc6e62e2f880f1b63c1e24987664d3bda3"));
        Assert.That(result.ChangedPaths, Is.EqualTo(new[] { "models/fraud/model.safetensors", "src/train.py" }));
        Assert.That(SignOff.Decide(result.Verdicts), Is.EqualTo(SignOffStatus.SignedOff));
        var request = _server.LogEntries.First().RequestMessage;
        Assert.That(request.Query!["api-version"].Single(), Is.EqualTo("7.1"));
        Assert.That(request.Headers!["Authorization"].Single(), Is.EqualTo("Bearer token-123"));
    }

    [Test]
    public async Task GetAsync_NamedApprover_CountsOnlyThatReviewer()
    {
        Serve("pr_approved_by_required.json", "threads_voted_after_push.json");

        var erin = await Source().GetAsync(["erin@contoso.com"], CancellationToken.None);
        var someoneElse = await Source().GetAsync(["grace@contoso.com"], CancellationToken.None);

        Assert.That(SignOff.Decide(erin.Verdicts), Is.EqualTo(SignOffStatus.SignedOff));
        Assert.That(SignOff.Decide(someoneElse.Verdicts), Is.EqualTo(SignOffStatus.Missing));
    }

    [Test]
    public async Task GetAsync_RequiredReviewerRejects_Blocks()
    {
        Serve("pr_rejected_after_approval.json", "threads_voted_after_push.json");

        var result = await Source().GetAsync([], CancellationToken.None);

        Assert.That(SignOff.Decide(result.Verdicts), Is.EqualTo(SignOffStatus.ChangesRequested));
    }

    [Test]
    public async Task GetAsync_VoteBeforeLastPush_IsStale()
    {
        Serve("pr_approved_by_required.json", "threads_voted_before_push.json");

        var result = await Source().GetAsync([], CancellationToken.None);

        Assert.That(result.Verdicts.Where(v => v.IsApprover).Select(v => v.OnHeadCommit), Is.All.False);
        Assert.That(SignOff.Decide(result.Verdicts), Is.EqualTo(SignOffStatus.Missing));
    }

    [Test]
    public async Task GetAsync_OnlyOptionalReviewerApproved_IsMissing()
    {
        Serve("pr_optional_approval_only.json", "threads_none.json");

        var result = await Source().GetAsync([], CancellationToken.None);

        Assert.That(SignOff.Decide(result.Verdicts), Is.EqualTo(SignOffStatus.Missing));
    }

    [Test]
    public async Task GetAsync_ForkBuildWithoutToken_IsSkippedWithoutCallingTheApi()
    {
        var environment = Environment() with { AccessToken = null };

        var result = await new AzureReposReviewSource(environment, isFork: true, _http, s_fast).GetAsync([], CancellationToken.None);

        Assert.That(result.SkippedReason, Does.StartWith("fork pull request 42 without a token"));
        Assert.That(_server.LogEntries, Is.Empty);
    }

    [Test]
    public async Task GetAsync_NotAPullRequestBuild_IsSkipped()
    {
        var result = await new AzureReposReviewSource(Environment() with { PullRequestId = null }, false, _http, s_fast).GetAsync([], CancellationToken.None);

        Assert.That(result.SkippedReason, Does.StartWith("not a pull-request validation build"));
    }

    [Test]
    public async Task GetAsync_ServerErrors_RetriesThenReportsTheErrorWithoutTheToken()
    {
        _server.Given(Request.Create().WithPath(Prefix).UsingGet()).RespondWith(Response.Create().WithStatusCode(503));

        var result = await Source().GetAsync([], CancellationToken.None);

        Assert.That(_server.LogEntries.Count(), Is.EqualTo(s_fast.MaxRetryAttempts + 1));
        Assert.That(result.Error, Does.StartWith("HTTP 503"));
        Assert.That(result.Error, Does.Not.Contain("token-123"));
    }

    [Test]
    public async Task GetAsync_TooManyRequestsWithRetryAfter_WaitsAndSucceeds()
    {
        Serve("pr_approved_by_required.json", "threads_voted_after_push.json");
        _server.Given(Request.Create().WithPath(Prefix).UsingGet()).AtPriority(1).InScenario("throttle").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0"));

        var result = await Source().GetAsync([], CancellationToken.None);

        Assert.That(result.Error, Is.Null);
        Assert.That(_server.LogEntries.Count(e => e.RequestMessage.Path == Prefix), Is.EqualTo(2));
    }

    [Test]
    public async Task GetAsync_Forbidden_NamesThePermissionToGrant()
    {
        _server.Given(Request.Create().WithPath(Prefix).UsingGet()).RespondWith(Response.Create().WithStatusCode(403));

        var result = await Source().GetAsync([], CancellationToken.None);

        Assert.That(result.Error, Does.Contain("HTTP 403").And.Contain("System.AccessToken"));
    }

    private AzurePipelinesEnvironment Environment() => new()
    {
        IsAzurePipelines = true,
        CollectionUri = new Uri(_server.Urls[0] + "/contoso/"),
        TeamProject = "ml project",
        RepositoryId = "repo-1",
        PullRequestId = 42,
        AccessToken = "token-123",
    };

    private AzureReposReviewSource Source() => new(Environment(), isFork: false, _http, s_fast);

    private void Serve(string pullRequest, string threads)
    {
        Json(Prefix, pullRequest);
        Json(Prefix + "/iterations", "iterations.json");
        Json(Prefix + "/iterations/2/changes", "changes.json");
        Json(Prefix + "/threads", threads);
    }

    private void Json(string path, string fixture) =>
        _server.Given(Request.Create().WithPath(path).UsingGet()).AtPriority(5).RespondWith(Response.Create().WithStatusCode(200)
            .WithHeader("Content-Type", "application/json; charset=utf-8; api-version=7.1")
            .WithBody(File.ReadAllText(FixturePaths.Of("azure-devops/reviews/" + fixture))));
}
