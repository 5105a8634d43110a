using System.Net;
using System.Text.Json.Nodes;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MLSecOps.AzureDevOps.Tests;

public sealed class PullRequestStatusPublisherTests
{
    private const string PullRequestPath = "/contoso/ml project/_apis/git/repositories/repo-1/pullRequests/42";
    private const string StatusPath = PullRequestPath + "/statuses";
    private const string IterationsPath = PullRequestPath + "/iterations";
    private static readonly PullRequestStatusOptions FastRetries = new() { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryAttempts = 2 };

    private WireMockServer server = null!;
    private HttpClient http = null!;
    private StringWriter log = null!;

    [SetUp]
    public void StartServer()
    {
        server = WireMockServer.Start();
        http = new HttpClient();
        log = new StringWriter();
    }

    [TearDown]
    public void StopServer()
    {
        http.Dispose();
        log.Dispose();
        server.Stop();
        server.Dispose();
    }

    [Test]
    public async Task PublishAsync_TwoGates_PostsOneStatusPerGateOnTheValidatedIterationWithBearerToken()
    {
        // Given a pull request with three iterations, the build validating the second one's commit (pages of one and two)
        server.Given(Request.Create().WithPath(IterationsPath).WithParam("continuationToken", "page2").UsingGet())
            .RespondWith(Response.Create().WithBodyAsJson(new { value = new object[] { new { id = 2, sourceRefCommit = new { commitId = "bbb" } }, new { id = 3, sourceRefCommit = new { commitId = "ccc" } } } }));
        server.Given(Request.Create().WithPath(IterationsPath).UsingGet()).AtPriority(10)
            .RespondWith(Response.Create().WithHeader("x-ms-continuationtoken", "page2").WithBodyAsJson(new { value = new[] { new { id = 1, sourceRefCommit = new { commitId = "aaa" } } } }));
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody("{}"));
        var report = Some.Report(
            Some.Gate(findings: [Some.Evaluated(Some.Finding(Some.Rule("MOD001", Severity.Critical))), Some.Evaluated(Some.Finding(Some.Rule("MOD014", Severity.Low)))]),
            Some.Gate("deploy-audit", "deploy", findings: [Some.Evaluated(Some.Finding(Some.Rule("DEP002", Severity.Medium), gate: "deploy-audit"))]));

        // When the statuses are published
        await Publisher(commit: "bbb").PublishAsync(report, CancellationToken.None);

        // Then one status per gate, on iteration 2, each with its own counts and the Scans tab as target
        var posts = server.LogEntries.Where(e => e.RequestMessage.Method == "POST").Select(e => e.RequestMessage).ToList();
        Assert.That(posts.Select(p => p.Query!["api-version"].Single()).Distinct(), Is.EqualTo(new[] { "7.1" }));
        Assert.That(server.LogEntries.Select(e => e.RequestMessage.Headers!["Authorization"].Single()).Distinct(), Is.EqualTo(new[] { "Bearer token-123" }));
        var bodies = posts.Select(p => JsonNode.Parse(p.Body!)!).ToList();
        Assert.That(bodies.Select(b => ((string?)b["context"]!["genre"], (string?)b["context"]!["name"], (string?)b["state"], (int?)b["iterationId"])), Is.EqualTo(new[]
        {
            ("mlsecops", "model-scan", "failed", 2),
            ("mlsecops", "deploy-audit", "succeeded", 2),
        }));
        Assert.That(bodies.Select(b => (string?)b["description"]), Is.EqualTo(new[]
        {
            "model-scan: 1 blocking of 2 findings (fail-on high)",
            "deploy-audit passed: 1 findings, none blocking (fail-on high)",
        }));
        Assert.That((string?)bodies[0]["targetUrl"], Is.EqualTo($"{server.Urls[0]}/contoso/ml%20project/_build/results?buildId=77&view=sariftools.scans.build-tab"));
        Assert.That(log.ToString(), Is.Empty);
    }

    [Test]
    public async Task PublishAsync_SourceCommitUnknown_UsesTheNewestIteration()
    {
        server.Given(Request.Create().WithPath(IterationsPath).UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new { value = new[] { new { id = 4 }, new { id = 7 }, new { id = 5 } } }));
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(201));

        await Publisher(commit: null).PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None);

        var post = server.LogEntries.Single(e => e.RequestMessage.Method == "POST").RequestMessage;
        Assert.That((int?)JsonNode.Parse(post.Body!)!["iterationId"], Is.EqualTo(7));
    }

    [Test]
    public async Task PublishAsync_ThrottledThenAccepted_RetriesAfterRetryAfter()
    {
        server.Given(Request.Create().WithPath(IterationsPath).UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new { value = new[] { new { id = 1 } } }));
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).InScenario("throttle").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0"));
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).InScenario("throttle").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(201));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None);

        Assert.That(server.LogEntries.Where(e => e.RequestMessage.Method == "POST").Select(e => e.ResponseMessage.StatusCode), Is.EqualTo(new object[] { 429, 201 }));
        Assert.That(log.ToString(), Is.Empty);
    }

    [Test]
    public async Task PublishAsync_ServerKeepsFailing_WarnsAfterRetriesWithoutThrowing()
    {
        server.Given(Request.Create().WithPath(IterationsPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(503).WithHeader("Retry-After", "0"));
        var publisher = Publisher();

        await publisher.PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None);

        Assert.That(server.LogEntries, Has.Count.EqualTo(3));
        Assert.That(log.ToString(), Does.StartWith("##vso[task.logissue type=warning;]MLSecOps Gates: Azure DevOps did not read the pull request iterations (503)."));
        Assert.That(publisher.IsRequired, Is.False);
    }

    [TestCase(HttpStatusCode.Unauthorized)]
    [TestCase(HttpStatusCode.Forbidden)]
    public async Task PublishAsync_Refused_WarnsWithTheMissingPermissionAndNeverTheToken(HttpStatusCode status)
    {
        server.Given(Request.Create().WithPath(IterationsPath).UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new { value = new[] { new { id = 1 } } }));
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(status));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None);

        Assert.That(log.ToString(), Does.Contain($"Azure DevOps refused to post the pull request status ({(int)status})").And.Contain("'Contribute to pull requests'").And.Not.Contain("token-123"));
        Assert.That(server.LogEntries, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task PublishAsync_NoSuchPullRequest_WarnsWhichVariablesToCheck()
    {
        server.Given(Request.Create().WithPath(IterationsPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(404));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None);

        Assert.That(log.ToString(), Does.Contain("(404): check SYSTEM_TEAMPROJECT, BUILD_REPOSITORY_ID and SYSTEM_PULLREQUEST_PULLREQUESTID"));
    }

    [Test]
    public void From_NoToken_IsNull()
    {
        var env = Environment(token: null);

        Assert.That(PullRequestStatusTarget.From(env), Is.Null);
    }

    [Test]
    public void Create_PullRequestBuildWithToken_AddsThreadAndStatusPublishers()
    {
        var publishers = AzurePipelinesPublishers.Create(new AzurePipelinesOptions { SummaryPath = "/tmp/s.md" }, TextWriter.Null, Environment(), http);

        Assert.That(publishers.Select(p => p.Name), Is.EqualTo(new[] { "azure-pipelines", "azure-pr-threads", "azure-pr-status" }));
    }

    [Test]
    public void Create_PullRequestOutputsOff_AddsOnlyTheLoggingPublisher()
    {
        var options = new AzurePipelinesOptions { SummaryPath = "/tmp/s.md", PullRequestStatus = false, PullRequestThreads = false };

        var publishers = AzurePipelinesPublishers.Create(options, TextWriter.Null, Environment(), http);

        Assert.That(publishers.Select(p => p.Name), Is.EqualTo(new[] { "azure-pipelines" }));
    }

    private PullRequestStatusPublisher Publisher(string? commit = null) => new(PullRequestStatusTarget.From(Environment(commit: commit))!, http, log, FastRetries);

    private AzurePipelinesEnvironment Environment(string? token = "token-123", string? commit = null) => AzurePipelinesEnvironment.FromVariables(new Dictionary<string, string?>
    {
        ["TF_BUILD"] = "True",
        ["SYSTEM_COLLECTIONURI"] = server.Urls[0] + "/contoso/",
        ["SYSTEM_TEAMPROJECT"] = "ml project",
        ["BUILD_REPOSITORY_ID"] = "repo-1",
        ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "42",
        ["SYSTEM_PULLREQUEST_SOURCECOMMITID"] = commit,
        ["BUILD_BUILDID"] = "77",
        ["SYSTEM_ACCESSTOKEN"] = token,
    });
}
