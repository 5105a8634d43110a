using System.Net;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MLSecOps.AzureDevOps.Rest;

/// <summary>The retry policy of every Azure DevOps REST call: exponential backoff with jitter, Retry-After honoured up to a cap, a timeout per attempt.</summary>
internal static class AzureDevOpsRetryPipeline
{
    /// <summary>Builds the pipeline; 429, 408, 5xx, network errors and attempt timeouts are retried.</summary>
    public static ResiliencePipeline<HttpResponseMessage> Build(int maxRetryAttempts, TimeSpan retryDelay, TimeSpan maxRetryAfter, TimeSpan attemptTimeout, TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, maxRetryAttempts),
                Delay = retryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)r.StatusCode >= 500),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, maxRetryAfter, time)),
            })
            .AddTimeout(attemptTimeout)
            .Build();

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, max.Ticks)) : null;
    }
}
