using System.Globalization;
using System.Net;
using Polly;
using Polly.Retry;

namespace MLSecOps.GitHub.Api;

/// <summary>Builds the Polly pipeline every GitHub call runs through, honouring <c>Retry-After</c> and rate-limit headers.</summary>
internal static class GitHubRetryPipeline
{
    /// <summary>Builds the pipeline.</summary>
    /// <param name="options">The retry options.</param>
    /// <param name="time">The clock the delays and rate-limit resets are measured with.</param>
    /// <returns>The pipeline.</returns>
    public static ResiliencePipeline Create(GitHubRetryOptions options, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        builder.AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome.Exception, options, time)),
            DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Exception, options, time)),
        });
        return builder.Build();
    }

    /// <summary>Decides whether a failure is worth retrying within <see cref="GitHubRetryOptions.MaxDelay"/>.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="options">The retry options.</param>
    /// <param name="time">The clock.</param>
    /// <returns>Whether to retry.</returns>
    internal static bool ShouldRetry(Exception? exception, GitHubRetryOptions options, TimeProvider time)
    {
        var transient = exception switch
        {
            GitHubApiException { IsRateLimit: true } or GitHubApiException { IsSecondaryRateLimit: true } => true,
            GitHubApiException api => api.StatusCode is HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError
                || (api.StatusCode == HttpStatusCode.Forbidden && api.Header("Retry-After") is not null),
            HttpRequestException => true,
            _ => false,
        };
        return transient && !(ServerDelay(exception, options, time) > options.MaxDelay);
    }

    /// <summary>Returns the delay the server asked for, or <see langword="null"/> to use exponential backoff.</summary>
    /// <param name="exception">The failure.</param>
    /// <param name="options">The retry options.</param>
    /// <param name="time">The clock.</param>
    /// <returns>The delay.</returns>
    internal static TimeSpan? ServerDelay(Exception? exception, GitHubRetryOptions options, TimeProvider time)
    {
        if (exception is not GitHubApiException api)
        {
            return null;
        }

        if (api.Header("Retry-After") is { } retryAfter)
        {
            if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when))
            {
                return Max(when - time.GetUtcNow(), TimeSpan.Zero);
            }
        }

        if (api.Header("x-ratelimit-remaining") == "0"
            && long.TryParse(api.Header("x-ratelimit-reset"), NumberStyles.None, CultureInfo.InvariantCulture, out var reset))
        {
            // One second of slack: the reset time is rounded down to whole seconds.
            return Max(DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow(), TimeSpan.Zero) + TimeSpan.FromSeconds(1);
        }

        return api.IsSecondaryRateLimit ? options.SecondaryRateLimitDelay : null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
