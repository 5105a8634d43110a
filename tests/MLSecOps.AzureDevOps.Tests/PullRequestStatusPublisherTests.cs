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
    private const string StatusPath = "/contoso/ml project/_apis/git/repositories/repo-1/pullRequests/42/statuses";
    private static readonly PullRequestStatusOptions FastRetries = new() { RetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryAttempts = 2 };

    private WireMockServer server = null!;
    private HttpClient http = null!;

    [SetUp]
    public void StartServer()
    {
        server = WireMockServer.Start();
        http = new HttpClient();
    }

    [TearDown]
    public void StopServer()
    {
        http.Dispose();
        server.Stop();
        server.Dispose();
    }

    [Test]
    public async Task PublishAsync_FailingReport_PostsFailedStatusWithBearerToken()
    {
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody("{}"));
        var report = Some.Report(Some.Gate(findings: [Some.Evaluated(Some.Finding(Some.Rule("MOD001", Severity.Critical)))]));

        await Publisher().PublishAsync(report, CancellationToken.None);

        var request = server.LogEntries.Single().RequestMessage;
        Assert.That(request.Query!["api-version"].Single(), Is.EqualTo("7.1"));
        Assert.That(request.Headers!["Authorization"].Single(), Is.EqualTo("Bearer token-123"));
        var body = JsonNode.Parse(request.Body!)!;
        Assert.That((string?)body["state"], Is.EqualTo("failed"));
        Assert.That((string?)body["description"], Is.EqualTo("MLSecOps Gates failed: 1 blocking findings (fail-on high)."));
        Assert.That(((string?)body["context"]!["genre"], (string?)body["context"]!["name"]), Is.EqualTo(("mlsecops", "gates")));
        Assert.That((string?)body["targetUrl"], Is.EqualTo($"{server.Urls[0]}/contoso/ml%20project/_build/results?buildId=77"));
    }

    [Test]
    public async Task PublishAsync_PassingReport_PostsSucceeded()
    {
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(201));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None);

        Assert.That((string?)JsonNode.Parse(server.LogEntries.Single().RequestMessage.Body!)!["state"], Is.EqualTo("succeeded"));
    }

    [Test]
    public async Task PublishAsync_ThrottledThenAccepted_RetriesAfterRetryAfter()
    {
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).InScenario("throttle").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0"));
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).InScenario("throttle").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(201));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None);

        Assert.That(server.LogEntries.Select(e => e.ResponseMessage.StatusCode), Is.EqualTo(new object[] { 429, 201 }));
    }

    [Test]
    public void PublishAsync_ServerKeepsFailing_ThrowsAfterRetries()
    {
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(503));
        var publisher = Publisher();

        var error = Assert.ThrowsAsync<HttpRequestException>(() => publisher.PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None));

        Assert.That(error!.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(server.LogEntries, Has.Count.EqualTo(3));
        Assert.That(publisher.IsRequired, Is.False);
    }

    [Test]
    public void PublishAsync_Forbidden_ExplainsPermissionWithoutToken()
    {
        server.Given(Request.Create().WithPath(StatusPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(403));

        var error = Assert.ThrowsAsync<HttpRequestException>(() => Publisher().PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None));

        Assert.That(error!.Message, Does.Contain("System.AccessToken").And.Not.Contain("token-123"));
        Assert.That(server.LogEntries, Has.Count.EqualTo(1));
    }

    [Test]
    public void From_NoToken_IsNull()
    {
        var env = Environment(token: null);

        Assert.That(PullRequestStatusTarget.From(env), Is.Null);
    }

    [Test]
    public void Create_PullRequestBuildWithToken_AddsStatusPublisher()
    {
        var publishers = AzurePipelinesPublishers.Create(new AzurePipelinesOptions { SummaryPath = "/tmp/s.md" }, TextWriter.Null, Environment(), http);

        Assert.That(publishers.Select(p => p.Name), Is.EqualTo(new[] { "azure-pipelines", "azure-pr-status" }));
    }

    private PullRequestStatusPublisher Publisher() => new(PullRequestStatusTarget.From(Environment())!, http, FastRetries);

    private AzurePipelinesEnvironment Environment(string? token = "token-123") => AzurePipelinesEnvironment.FromVariables(new Dictionary<string, string?>
    {
        ["TF_BUILD"] = "True",
        ["SYSTEM_COLLECTIONURI"] = server.Urls[0] + "/contoso/",
        ["SYSTEM_TEAMPROJECT"] = "ml project",
        ["BUILD_REPOSITORY_ID"] = "repo-1",
        ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "42",
        ["BUILD_BUILDID"] = "77",
        ["SYSTEM_ACCESSTOKEN"] = token,
    });
}
