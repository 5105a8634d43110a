using System.Net;
using Microsoft.Extensions.Time.Testing;
using MLSecOps.GitHub.Api;
using Octokit;

namespace MLSecOps.GitHub.Tests.Api;

public sealed class GitHubRetryPipelineTests
{
    private static readonly GitHubRetryOptions s_options = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Test]
    public void ServerDelay_RetryAfterSeconds_UsesIt()
    {
        var failure = Failure((HttpStatusCode)429, ("Retry-After", "7"));

        Assert.That(GitHubRetryPipeline.ServerDelay(failure, s_options, _time), Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(GitHubRetryPipeline.ShouldRetry(failure, s_options, _time), Is.True);
    }

    [Test]
    public void ServerDelay_RateLimitResetSoon_WaitsUntilResetPlusASecond()
    {
        var reset = _time.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var failure = new RateLimitExceededException(Response(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset), ("x-ratelimit-limit", "5000")));

        Assert.That(GitHubRetryPipeline.ServerDelay(failure, s_options, _time), Is.EqualTo(TimeSpan.FromSeconds(31)));
        Assert.That(GitHubRetryPipeline.ShouldRetry(failure, s_options, _time), Is.True);
    }

    [Test]
    public void ShouldRetry_RateLimitResetInAnHour_GivesUp()
    {
        var reset = _time.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var failure = new RateLimitExceededException(Response(HttpStatusCode.Forbidden, ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset), ("x-ratelimit-limit", "5000")));

        Assert.That(GitHubRetryPipeline.ShouldRetry(failure, s_options, _time), Is.False);
    }

    [Test]
    public void ServerDelay_SecondaryLimitWithoutHeaders_WaitsAMinute()
    {
        var failure = new SecondaryRateLimitExceededException(Response(HttpStatusCode.Forbidden));

        Assert.That(GitHubRetryPipeline.ServerDelay(failure, s_options, _time), Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [TestCase(HttpStatusCode.NotFound, false)]
    [TestCase(HttpStatusCode.Forbidden, false)]
    [TestCase(HttpStatusCode.UnprocessableEntity, false)]
    [TestCase(HttpStatusCode.BadGateway, true)]
    public void ShouldRetry_PlainStatus_RetriesOnlyServerErrors(HttpStatusCode status, bool expected)
    {
        Assert.That(GitHubRetryPipeline.ShouldRetry(Failure(status), s_options, _time), Is.EqualTo(expected));
    }

    private static ApiException Failure(HttpStatusCode status, params (string, string)[] headers) => new(Response(status, headers));

    private static FakeResponse Response(HttpStatusCode status, params (string Name, string Value)[] headers) =>
        new(status, headers.ToDictionary(h => h.Name, h => h.Value));

    private sealed class FakeResponse(HttpStatusCode status, Dictionary<string, string> headers) : IResponse
    {
        public object Body => "{\"message\":\"m\"}";

        public IReadOnlyDictionary<string, string> Headers => headers;

        public ApiInfo ApiInfo => new(new Dictionary<string, Uri>(), [], [], "", new RateLimit(headers));

        public HttpStatusCode StatusCode => status;

        public string ContentType => "application/json";
    }
}
