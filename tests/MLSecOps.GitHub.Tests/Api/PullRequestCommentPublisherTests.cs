using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.GitHub.Api;

namespace MLSecOps.GitHub.Tests.Api;

public sealed class PullRequestCommentPublisherTests
{
    [Test]
    public async Task PublishAsync_StickyCommentExists_UpdatesItInPlace()
    {
        using var github = new FakeGitHub();
        github.Json("GET", "/issues/42/comments", 200, new[]
        {
            Comment(10, "LGTM"),
            Comment(11, "<!-- mlsecops:model-scan -->\nold table"),
        });
        github.Json("PATCH", "/issues/comments/11", 200, Comment(11, "new"));
        var report = Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.Critical, message: "calls @admin | <script>")));

        await Publisher(github, github.Environment(), TextWriter.Null).PublishAsync(report, CancellationToken.None);

        Assert.That(github.Requests("POST", "/issues/42/comments"), Is.Empty);
        using var patch = JsonDocument.Parse(github.Requests("PATCH", "/issues/comments/11").Single().RequestMessage.Body!);
        var body = patch.RootElement.GetProperty("body").GetString()!;
        Assert.That(body, Does.StartWith("<!-- mlsecops:model-scan -->\n### ❌ MLSecOps model-scan: blocked by 1 finding(s)"));
        Assert.That(body, Does.Contain("| MOD001 | critical (blocking) | <code>models/a.pkl:1</code> | calls &#64;admin &#124; &lt;script&gt; |"));
    }

    [Test]
    public async Task PublishAsync_StickyCommentOnTheSecondPage_UpdatesItAndCreatesNone()
    {
        using var github = new FakeGitHub();
        github.Server.Given(github.Request("GET", "/issues/42/comments").WithParam("page", "2")).AtPriority(1).RespondWith(WireMock.ResponseBuilders.Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new[] { Comment(11, "<!-- mlsecops:model-scan -->\nold table") })));
        github.Server.Given(github.Request("GET", "/issues/42/comments")).AtPriority(5).RespondWith(WireMock.ResponseBuilders.Response.Create()
            .WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(Enumerable.Range(1, 100).Select(i => Comment(i + 100, "chatter")).ToArray()))
            .WithHeader("Link", $"<{github.Server.Url}{FakeGitHub.Repo}/issues/42/comments?per_page=100&page=2>; rel=\"next\""));
        github.Json("PATCH", "/issues/comments/11", 200, Comment(11, "new"));

        await Publisher(github, github.Environment(), TextWriter.Null).PublishAsync(Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.High))), CancellationToken.None);

        Assert.That(github.Requests("GET", "/issues/42/comments"), Has.Count.EqualTo(2));
        Assert.That(github.Requests("PATCH", "/issues/comments/11"), Has.Count.EqualTo(1));
        Assert.That(github.Requests("POST", "/issues/42/comments"), Is.Empty);
    }

    [Test]
    public async Task PublishAsync_NoStickyComment_CreatesOne()
    {
        using var github = new FakeGitHub();
        github.Json("GET", "/issues/42/comments", 200, Array.Empty<object>());
        github.Json("POST", "/issues/42/comments", 201, Comment(12, "x"));

        await Publisher(github, github.Environment(), TextWriter.Null).PublishAsync(Some.Report(Some.Gate("data-check", Some.Finding("DAT001", Severity.High))), CancellationToken.None);

        using var post = JsonDocument.Parse(github.Requests("POST", "/issues/42/comments").Single().RequestMessage.Body!);
        Assert.That(post.RootElement.GetProperty("body").GetString(), Does.StartWith("<!-- mlsecops:data-check -->\n"));
    }

    [Test]
    public async Task PublishAsync_GatePassesWithStickyComment_MarksItResolved()
    {
        using var github = new FakeGitHub();
        github.Json("GET", "/issues/42/comments", 200, new[] { Comment(11, "<!-- mlsecops:model-scan -->\nold table") });
        github.Json("PATCH", "/issues/comments/11", 200, Comment(11, "new"));

        await Publisher(github, github.Environment(), TextWriter.Null).PublishAsync(Some.Report(Some.Gate("model-scan"), Some.Gate("data-check")), CancellationToken.None);

        using var patch = JsonDocument.Parse(github.Requests("PATCH", "/issues/comments/11").Single().RequestMessage.Body!);
        Assert.That(patch.RootElement.GetProperty("body").GetString(), Is.EqualTo(
            $"<!-- mlsecops:model-scan -->\n### ✅ MLSecOps model-scan: resolved\n\nThe gate passes on {Some.HeadSha}; nothing blocks any more.\n"));
        Assert.That(github.Requests("POST", "/issues/42/comments"), Is.Empty);
    }

    [Test]
    public async Task PublishAsync_RateLimitedUntilLater_WarnsWithoutWaiting()
    {
        using var github = new FakeGitHub();
        var reset = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        github.Json("GET", "/issues/42/comments", 403, new { message = "API rate limit exceeded" }, ("x-ratelimit-remaining", "0"), ("x-ratelimit-limit", "1000"), ("x-ratelimit-reset", reset));
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.High))), CancellationToken.None);

        Assert.That(github.Requests("GET", "/issues/42/comments"), Has.Count.EqualTo(1));
        Assert.That(stdout.ToString(), Does.StartWith("::warning title=MLSecOps::Pull-request comment not published: HTTP 403: API rate limit exceeded"));
    }

    private static PullRequestCommentPublisher Publisher(FakeGitHub github, GitHubEnvironment environment, TextWriter stdout) =>
        new(github.Api(environment), environment, stdout);

    private static object Comment(long id, string body) => new { id, body, user = new { login = "github-actions[bot]", id = 41898282, type = "Bot" } };
}
