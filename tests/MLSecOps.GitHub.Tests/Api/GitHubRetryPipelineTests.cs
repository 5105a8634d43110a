using System.Net;
using Microsoft.Extensions.Time.Testing;
using MLSecOps.GitHub.Api;

namespace MLSecOps.GitHub.Tests.Api;

public sealed class GitHubRetryPipelineTests
{
    private static readonly GitHubRetryOptions s_options = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

    [Test]
    public void ServerDelay_RetryAfterSeconds_UsesIt()
    {
        var failure = Failure((HttpStatusCode)429, "m", ("Retry-After", "7"));

        Assert.That(GitHubRetryPipeline.ServerDelay(failure, s_options, _time), Is.EqualTo(TimeSpan.FromSeconds(7)));
        Assert.That(GitHubRetryPipeline.ShouldRetry(failure, s_options, _time), Is.True);
    }

    [Test]
    public void ServerDelay_RateLimitResetSoon_WaitsUntilResetPlusASecond()
    {
        var reset = _time.GetUtcNow().AddSeconds(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var failure = Failure(HttpStatusCode.Forbidden, "API rate limit exceeded for installation ID 1.", ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset), ("x-ratelimit-limit", "5000"));

        Assert.That(GitHubRetryPipeline.ServerDelay(failure, s_options, _time), Is.EqualTo(TimeSpan.FromSeconds(31)));
        Assert.That(GitHubRetryPipeline.ShouldRetry(failure, s_options, _time), Is.True);
    }

    [Test]
    public void ShouldRetry_RateLimitResetInAnHour_GivesUp()
    {
        var reset = _time.GetUtcNow().AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var failure = Failure(HttpStatusCode.Forbidden, "API rate limit exceeded for installation ID 1.", ("x-ratelimit-remaining", "0"), ("x-ratelimit-reset", reset), ("x-ratelimit-limit", "5000"));

        Assert.That(GitHubRetryPipeline.ShouldRetry(failure, s_options, _time), Is.False);
    }

    [Test]
    public void ServerDelay_SecondaryLimitWithoutHeaders_WaitsAMinute()
    {
        var failure = Failure(HttpStatusCode.Forbidden, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");

        Assert.That(GitHubRetryPipeline.ServerDelay(failure, s_options, _time), Is.EqualTo(TimeSpan.FromSeconds(60)));
    }

    [TestCase(HttpStatusCode.NotFound, false)]
    [TestCase(HttpStatusCode.Forbidden, false)]
    [TestCase(HttpStatusCode.UnprocessableEntity, false)]
    [TestCase(HttpStatusCode.BadGateway, true)]
    public void ShouldRetry_PlainStatus_RetriesOnlyServerErrors(HttpStatusCode status, bool expected)
    {
        Assert.That(GitHubRetryPipeline.ShouldRetry(Failure(status, "m"), s_options, _time), Is.EqualTo(expected));
    }

    private static GitHubApiException Failure(HttpStatusCode status, string message, params (string Name, string Value)[] headers) =>
        new(status, message, headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase));
}
