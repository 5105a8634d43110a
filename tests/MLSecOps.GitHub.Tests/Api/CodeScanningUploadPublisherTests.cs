using System.IO.Compression;
using System.Text;
using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.GitHub.Api;
using MLSecOps.TestKit;
using WireMock.ResponseBuilders;

namespace MLSecOps.GitHub.Tests.Api;

public sealed class CodeScanningUploadPublisherTests
{
    private static readonly string s_sarif = FixturePaths.Of("github/two-gates.sarif");

    [Test]
    public async Task PublishAsync_PullRequest_PostsGzippedSarifForTheMergeRefAndPollsUntilComplete()
    {
        using var github = new FakeGitHub();
        github.Json("POST", "/code-scanning/sarifs", 202, new { id = "47177e22-5596-11eb-80a1-c1e54ef945c6", url = "u" });
        github.Server.Given(github.Request("GET", "/code-scanning/sarifs/47177e22-5596-11eb-80a1-c1e54ef945c6")).InScenario("processing").WillSetStateTo("done")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"processing_status\":\"pending\"}"));
        github.Server.Given(github.Request("GET", "/code-scanning/sarifs/47177e22-5596-11eb-80a1-c1e54ef945c6")).InScenario("processing").WhenStateIs("done")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{\"processing_status\":\"complete\",\"analyses_url\":\"a\"}"));
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Report(), CancellationToken.None);

        var post = github.Requests("POST", "/code-scanning/sarifs").Single();
        using var body = JsonDocument.Parse(post.RequestMessage.Body!);
        var root = body.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("commit_sha").GetString(), Is.EqualTo(Some.MergeSha));
            Assert.That(root.GetProperty("ref").GetString(), Is.EqualTo("refs/pull/42/merge"));
            Assert.That(root.GetProperty("checkout_uri").GetString(), Is.EqualTo("file:///github/workspace/"));
            Assert.That(root.GetProperty("tool_name").GetString(), Is.EqualTo("MLSecOps"));
            Assert.That(root.GetProperty("started_at").GetString(), Is.EqualTo("2026-11-25T12:00:00Z"));
            Assert.That(post.RequestMessage.Headers!["Authorization"].Single(), Is.EqualTo("Bearer ghs_testtoken123456"));
        });
        var uploaded = Gunzip(Convert.FromBase64String(root.GetProperty("sarif").GetString()!));
        using var original = JsonDocument.Parse(File.ReadAllBytes(s_sarif));
        using var sent = JsonDocument.Parse(uploaded);
        Assert.That(JsonElement.DeepEquals(sent.RootElement, original.RootElement), Is.True);
        Assert.That(github.Requests("GET", "/code-scanning/sarifs/47177e22-5596-11eb-80a1-c1e54ef945c6"), Has.Count.EqualTo(2));
        Assert.That(stdout.ToString(), Is.EqualTo("MLSecOps: code scanning processed SARIF upload 47177e22-5596-11eb-80a1-c1e54ef945c6 (mlsecops/model-scan/, mlsecops/data-check/, 5 results).\n"));
    }

    [Test]
    public async Task PublishAsync_TokenLacksSecurityEvents_SkipsWithANotice()
    {
        using var github = new FakeGitHub();
        github.Json("POST", "/code-scanning/sarifs", 403, new { message = "Resource not accessible by integration", documentation_url = "https://docs.github.com/rest" });
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Report(), CancellationToken.None);

        Assert.That(stdout.ToString(), Does.StartWith("::notice title=MLSecOps::Code scanning upload skipped: HTTP 403: Resource not accessible by integration."));
        Assert.That(github.Requests("POST", "/code-scanning/sarifs"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task PublishAsync_ProcessingFailed_WarnsWithGitHubErrors()
    {
        using var github = new FakeGitHub();
        github.Json("POST", "/code-scanning/sarifs", 202, new { id = "abc", url = "u" });
        github.Json("GET", "/code-scanning/sarifs/abc", 200, new { processing_status = "failed", errors = new[] { "A delivery cannot contain multiple runs with the same category" } });
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Report(), CancellationToken.None);

        Assert.That(stdout.ToString(), Is.EqualTo(
            "::warning title=MLSecOps::Code scanning upload failed: GitHub could not process SARIF upload abc (mlsecops/model-scan/, mlsecops/data-check/): A delivery cannot contain multiple runs with the same category. The decision is unchanged.\n"));
    }

    [Test]
    public async Task PublishAsync_SecondaryRateLimitWithRetryAfter_RetriesAndSucceeds()
    {
        using var github = new FakeGitHub();
        github.Server.Given(github.Request("POST", "/code-scanning/sarifs")).InScenario("limit").WillSetStateTo("open")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Content-Type", "application/json").WithHeader("Retry-After", "0")
                .WithBody("{\"message\":\"You have exceeded a secondary rate limit\"}"));
        github.Server.Given(github.Request("POST", "/code-scanning/sarifs")).InScenario("limit").WhenStateIs("open")
            .RespondWith(Response.Create().WithStatusCode(202).WithHeader("Content-Type", "application/json").WithBody("{\"id\":\"x1\"}"));
        github.Json("GET", "/code-scanning/sarifs/x1", 200, new { processing_status = "complete" });
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Report(), CancellationToken.None);

        Assert.That(github.Requests("POST", "/code-scanning/sarifs"), Has.Count.EqualTo(2));
        Assert.That(stdout.ToString(), Does.StartWith("MLSecOps: code scanning processed SARIF upload x1"));
    }

    [Test]
    public async Task PublishAsync_PayloadTooLarge_WarnsAndDoesNotThrow()
    {
        using var github = new FakeGitHub();
        github.Json("POST", "/code-scanning/sarifs", 413, new { message = "Payload Too Large" });
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Report(), CancellationToken.None);

        Assert.That(stdout.ToString(), Does.StartWith("::warning title=MLSecOps::Code scanning upload failed: HTTP 413: Payload Too Large."));
    }

    [Test]
    public async Task PublishAsync_ServerErrorsEveryTime_RetriesThenWarns()
    {
        using var github = new FakeGitHub();
        github.Json("POST", "/code-scanning/sarifs", 503, new { message = "Service Unavailable" });
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Report(), CancellationToken.None);

        Assert.That(github.Requests("POST", "/code-scanning/sarifs"), Has.Count.EqualTo(1 + FakeGitHub.FastOptions.Retry.MaxRetryAttempts));
        Assert.That(stdout.ToString(), Does.StartWith("::warning title=MLSecOps::Code scanning upload failed: HTTP 503"));
    }

    [TestCase("fork_pull_request_event.json", "ghs_testtoken123456", "pull requests from forks get a read-only token")]
    [TestCase("pull_request_event.json", null, "no GitHub token (set the 'token' input or GITHUB_TOKEN)")]
    public async Task PublishAsync_ForkOrNoToken_SkipsWithoutCallingGitHub(string fixture, string? token, string reason)
    {
        using var github = new FakeGitHub();
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(fixture, token), stdout).PublishAsync(Report(), CancellationToken.None);

        Assert.That(github.Server.LogEntries, Is.Empty);
        Assert.That(stdout.ToString(), Is.EqualTo($"::notice title=MLSecOps::Code scanning upload skipped: {reason}. The SARIF file {s_sarif} has every finding.\n"));
    }

    private static CodeScanningUploadPublisher Publisher(FakeGitHub github, GitHubEnvironment environment, TextWriter stdout) =>
        new(github.Api(environment), environment, s_sarif, SarifUploadLimits.GitHub, FakeGitHub.FastOptions, stdout, TimeProvider.System);

    private static Core.Reporting.ScanReport Report() => Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.Critical)));

    private static byte[] Gunzip(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
