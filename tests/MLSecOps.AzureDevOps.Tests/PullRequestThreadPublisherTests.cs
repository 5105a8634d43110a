using System.Text.Json.Nodes;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MLSecOps.AzureDevOps.Tests;

public sealed class PullRequestThreadPublisherTests
{
    private const string ThreadsPath = "/contoso/ml/_apis/git/repositories/repo-1/pullRequests/42/threads";
    private static readonly RuleDescriptor Pickle = Some.Rule("MOD001", Severity.Critical, title: "Pickle runs code");
    private static readonly RuleDescriptor Low = Some.Rule("MOD014", Severity.Low);
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
        server.Given(Request.Create().WithPath(ThreadsPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"id\":900}"));
        server.Given(Request.Create().WithPath(new WireMock.Matchers.RegexMatcher(ThreadsPath + "/\\d+(/comments/\\d+)?$")).UsingPatch()).RespondWith(Response.Create().WithBody("{}"));
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
    public async Task PublishAsync_NewBlockingFinding_CreatesThreadOnItsFileAndLineWithFingerprint()
    {
        // Given no threads yet and one blocking finding, one non-blocking one
        ExistingThreads();
        var blocking = Finding(Pickle, "models/a.pkl", 3, "Pickle imports *os.system* [click](http://x)");

        // When the threads are published
        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [blocking, Finding(Low, "models/b.pkl", 1)])), CancellationToken.None);

        // Then exactly one thread is created, on /models/a.pkl line 3, with the escaped message, the fix and the fingerprint
        var created = Requests("POST").Single();
        var body = JsonNode.Parse(created.Body!)!;
        Assert.That(created.Query!["api-version"].Single(), Is.EqualTo("7.1"));
        Assert.That(created.Headers!["Authorization"].Single(), Is.EqualTo("Bearer token-123"));
        Assert.That(body["threadContext"]!.ToJsonString(), Is.EqualTo("{\"filePath\":\"/models/a.pkl\",\"rightFileStart\":{\"line\":3,\"offset\":1},\"rightFileEnd\":{\"line\":3,\"offset\":1}}"));
        Assert.That((string?)body["status"], Is.EqualTo("active"));
        var content = (string)body["comments"]![0]!["content"]!;
        Assert.That(content, Does.StartWith("**MLSecOps Gates · model-scan** · `MOD001` Pickle runs code (critical, blocking)\n\nPickle imports \\*os.system\\* \\[click\\]\\(http://x\\)"));
        Assert.That(content, Does.Contain("**Fix:** Fix the condition reported by `MOD001`."));
        Assert.That((string?)body["properties"]![PullRequestThreadPublisher.FingerprintProperty]!["$value"], Is.EqualTo(blocking.Finding.Fingerprint));
        Assert.That((string?)body["properties"]![PullRequestThreadPublisher.ScopeProperty]!["$value"], Is.EqualTo("model-scan"));
        Assert.That(log.ToString(), Is.Empty);
    }

    [Test]
    public async Task PublishAsync_ReRunWithSameFinding_WritesNothing()
    {
        var blocking = Finding(Pickle, "models/a.pkl", 3);
        ExistingThreads(Thread(7, "active", blocking.Finding.Fingerprint, "model-scan", PullRequestThreadContent.ForFinding(blocking)));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [blocking])), CancellationToken.None);

        Assert.That(Requests("POST").Concat(Requests("PATCH")), Is.Empty);
    }

    [Test]
    public async Task PublishAsync_FindingReturnsWithNewMessage_ReopensAndRewritesTheThreadInsteadOfDuplicating()
    {
        var blocking = Finding(Pickle, "models/a.pkl", 9, "Now imports subprocess.");
        ExistingThreads(Thread(7, "fixed", blocking.Finding.Fingerprint, "model-scan", "old text"));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [blocking])), CancellationToken.None);

        Assert.That(Requests("POST"), Is.Empty);
        var patches = Requests("PATCH").Select(r => (r.AbsolutePath, JsonNode.Parse(r.Body!)!.ToJsonString())).ToList();
        Assert.That(patches[0], Is.EqualTo((ThreadsPath + "/7", "{\"status\":\"active\"}")));
        Assert.That(patches[1].AbsolutePath, Is.EqualTo(ThreadsPath + "/7/comments/1"));
        Assert.That(patches[1].Item2, Does.Contain("Now imports subprocess."));
    }

    [Test]
    public async Task PublishAsync_FindingGone_ClosesItsThreadAsFixedButLeavesOtherGatesAndShardsAlone()
    {
        ExistingThreads(
            Thread(7, "active", "fp-gone", "model-scan", "x"),
            Thread(8, "active", "fp-other-gate", "deploy-audit", "x"),
            Thread(9, "active", "fp-other-shard", "model-scan#2/2", "x"),
            Thread(10, "active", null, null, "a reviewer's own thread"));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None);

        var patches = Requests("PATCH").Select(r => (r.AbsolutePath, JsonNode.Parse(r.Body!)!.ToJsonString())).ToList();
        Assert.That(patches, Is.EqualTo(new[] { (ThreadsPath + "/7", "{\"status\":\"fixed\"}") }));
    }

    [Test]
    public async Task PublishAsync_MoreBlockingFindingsThanTheCap_CreatesCapThreadsAndOneSummaryOfTheRest()
    {
        ExistingThreads();
        var findings = Enumerable.Range(1, 5).Select(i => Finding(Pickle, $"models/m{i}.pkl", i)).ToList();

        await Publisher(new PullRequestThreadOptions { MaxThreads = 2 }).PublishAsync(Some.Report(Some.Gate(findings: findings)), CancellationToken.None);

        var bodies = Requests("POST").Select(r => JsonNode.Parse(r.Body!)!).ToList();
        Assert.That(bodies, Has.Count.EqualTo(3));
        Assert.That(bodies.Take(2).Select(b => (string?)b["threadContext"]!["filePath"]), Is.EqualTo(new[] { "/models/m1.pkl", "/models/m2.pkl" }));
        var summary = bodies[2];
        Assert.That(summary["threadContext"], Is.Null);
        Assert.That((string?)summary["properties"]![PullRequestThreadPublisher.SummaryProperty]!["$value"], Is.EqualTo("model-scan"));
        var content = (string)summary["comments"]![0]!["content"]!;
        Assert.That(content, Does.StartWith("**MLSecOps Gates**: 3 more blocking findings than the 2 threads one run opens."));
        Assert.That(content, Does.Contain("| `MOD001` | critical | models/m3.pkl:3 |").And.Contain("models/m5.pkl:5"));
    }

    [Test]
    public async Task PublishAsync_NoMoreOverflow_ClosesTheSummaryThread()
    {
        ExistingThreads(SummaryThread(12, "model-scan"));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [])), CancellationToken.None);

        Assert.That(Requests("PATCH").Select(r => (r.AbsolutePath, r.Body)), Is.EqualTo(new[] { (ThreadsPath + "/12", "{\"status\":\"fixed\"}") }));
    }

    [Test]
    public async Task PublishAsync_ThreadsOnSeveralPages_FollowsTheContinuationToken()
    {
        // Given the thread of the finding on the second page
        var blocking = Finding(Pickle, "models/a.pkl", 3);
        server.Given(Request.Create().WithPath(ThreadsPath).WithParam("continuationToken", "next page").UsingGet())
            .RespondWith(Response.Create().WithBodyAsJson(Page(Thread(7, "active", blocking.Finding.Fingerprint, "model-scan", PullRequestThreadContent.ForFinding(blocking)))));
        server.Given(Request.Create().WithPath(ThreadsPath).UsingGet()).AtPriority(10)
            .RespondWith(Response.Create().WithHeader("x-ms-continuationtoken", "next page").WithBodyAsJson(Page(Thread(3, "active", null, null, "unrelated"))));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [blocking])), CancellationToken.None);

        Assert.That(Requests("GET").Select(r => r.Query!.TryGetValue("continuationToken", out var token) ? token.Single() : null), Is.EqualTo(new[] { null, "next page" }));
        Assert.That(Requests("POST"), Is.Empty);
    }

    [Test]
    public async Task PublishAsync_Sharded_ScopesThreadsToTheShard()
    {
        ExistingThreads();

        await Publisher(new PullRequestThreadOptions { Shard = "2/4" }).PublishAsync(Some.Report(Some.Gate(findings: [Finding(Pickle, "models/a.pkl", 1)])), CancellationToken.None);

        var body = JsonNode.Parse(Requests("POST").Single().Body!)!;
        Assert.That((string?)body["properties"]![PullRequestThreadPublisher.ScopeProperty]!["$value"], Is.EqualTo("model-scan#2/4"));
    }

    [Test]
    public async Task PublishAsync_Forbidden_WarnsWithThePermissionAndWritesNothingElse()
    {
        server.Given(Request.Create().WithPath(ThreadsPath).UsingGet()).RespondWith(Response.Create().WithStatusCode(403));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [Finding(Pickle, "models/a.pkl", 1)])), CancellationToken.None);

        Assert.That(log.ToString().TrimEnd(), Does.StartWith("##vso[task.logissue type=warning;]MLSecOps Gates: Azure DevOps refused to read the pull request threads (403)").And.Contain("'Contribute to pull requests'"));
        Assert.That(server.LogEntries, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task PublishAsync_ThrottledCreate_RetriesAfterRetryAfter()
    {
        ExistingThreads();
        server.Given(Request.Create().WithPath(ThreadsPath).UsingPost()).InScenario("throttle").WillSetStateTo("ok")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "0"));
        server.Given(Request.Create().WithPath(ThreadsPath).UsingPost()).InScenario("throttle").WhenStateIs("ok")
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{\"id\":1}"));

        await Publisher().PublishAsync(Some.Report(Some.Gate(findings: [Finding(Pickle, "models/a.pkl", 1)])), CancellationToken.None);

        Assert.That(server.LogEntries.Where(e => e.RequestMessage.Method == "POST").Select(e => e.ResponseMessage.StatusCode), Is.EqualTo(new object[] { 429, 200 }));
        Assert.That(log.ToString(), Is.Empty);
    }

    private static EvaluatedFinding Finding(RuleDescriptor rule, string path, int line, string? message = null) =>
        Some.Evaluated(Some.Finding(rule, path, line, message));

    private static object Thread(int id, string status, string? fingerprint, string? scope, string content)
    {
        var properties = new Dictionary<string, object>();
        if (fingerprint is not null)
        {
            properties[PullRequestThreadPublisher.FingerprintProperty] = new Dictionary<string, string> { ["$type"] = "System.String", ["$value"] = fingerprint };
        }

        if (scope is not null)
        {
            properties[PullRequestThreadPublisher.ScopeProperty] = new Dictionary<string, string> { ["$type"] = "System.String", ["$value"] = scope };
        }

        return new { id, status, isDeleted = false, properties, comments = new[] { new { id = 1, content } } };
    }

    private static object SummaryThread(int id, string scope) => new
    {
        id,
        status = "active",
        properties = new Dictionary<string, object>
        {
            [PullRequestThreadPublisher.SummaryProperty] = new Dictionary<string, string> { ["$type"] = "System.String", ["$value"] = scope },
            [PullRequestThreadPublisher.ScopeProperty] = new Dictionary<string, string> { ["$type"] = "System.String", ["$value"] = scope },
        },
        comments = new[] { new { id = 1, content = "old summary" } },
    };

    private static object Page(params object[] threads) => new { value = threads, count = threads.Length };

    private void ExistingThreads(params object[] threads) =>
        server.Given(Request.Create().WithPath(ThreadsPath).UsingGet()).RespondWith(Response.Create().WithBodyAsJson(Page(threads)));

    private List<WireMock.IRequestMessage> Requests(string method) => [.. server.LogEntries.Where(e => e.RequestMessage.Method == method).Select(e => e.RequestMessage)];

    private PullRequestThreadPublisher Publisher(PullRequestThreadOptions? options = null)
    {
        var environment = AzurePipelinesEnvironment.FromVariables(new Dictionary<string, string?>
        {
            ["SYSTEM_COLLECTIONURI"] = server.Urls[0] + "/contoso/",
            ["SYSTEM_TEAMPROJECT"] = "ml",
            ["BUILD_REPOSITORY_ID"] = "repo-1",
            ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "42",
            ["SYSTEM_ACCESSTOKEN"] = "token-123",
        });
        return new PullRequestThreadPublisher(PullRequestStatusTarget.From(environment)!, http, log, options, FastRetries);
    }
}
