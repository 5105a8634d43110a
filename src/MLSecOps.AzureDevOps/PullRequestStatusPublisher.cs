using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MLSecOps.AzureDevOps;

/// <summary>Posts the decision as a pull request status, which a branch status policy can require.</summary>
/// <remarks>Not required: a failure (no permission, outage) is a warning and never changes the decision.</remarks>
public sealed class PullRequestStatusPublisher : IFindingPublisher
{
    private readonly PullRequestStatusTarget target;
    private readonly HttpClient http;
    private readonly PullRequestStatusOptions options;
    private readonly ResiliencePipeline<HttpResponseMessage> pipeline;

    /// <summary>Initializes a new instance of the <see cref="PullRequestStatusPublisher"/> class.</summary>
    /// <param name="target">The pull request and token.</param>
    /// <param name="http">The client; the caller owns it.</param>
    /// <param name="options">Naming and retries; defaults when <see langword="null"/>.</param>
    /// <param name="time">The clock for retry delays and <c>Retry-After</c> dates.</param>
    public PullRequestStatusPublisher(PullRequestStatusTarget target, HttpClient http, PullRequestStatusOptions? options = null, TimeProvider? time = null)
    {
        this.target = target ?? throw new ArgumentNullException(nameof(target));
        this.http = http ?? throw new ArgumentNullException(nameof(http));
        this.options = options ?? new PullRequestStatusOptions();
        pipeline = BuildPipeline(this.options, time ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public string Name => "azure-pr-status";

    /// <inheritdoc />
    public bool IsRequired => false;

    /// <inheritdoc />
    public async Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var body = Body(report);
        using var response = await pipeline.ExecuteAsync(
            async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, target.StatusesUri)
                {
                    Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", target.AccessToken);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return await http.SendAsync(request, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(Failure(response.StatusCode), null, response.StatusCode);
        }
    }

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(PullRequestStatusOptions options, TimeProvider time) =>
        new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = Math.Max(0, options.MaxRetryAttempts),
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout || (int)r.StatusCode >= 500),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, options.MaxRetryAfter, time)),
            })
            .AddTimeout(options.AttemptTimeout)
            .Build();

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeSpan max, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } w ? TimeSpan.FromTicks(Math.Clamp(w.Ticks, 0, max.Ticks)) : null;
    }

    private static string Failure(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            string.Create(CultureInfo.InvariantCulture, $"Azure DevOps refused the pull request status ({(int)status}): map System.AccessToken into the step and allow the build service to contribute to pull requests."),
        HttpStatusCode.NotFound =>
            "Azure DevOps found no such pull request or repository (404): check SYSTEM_TEAMPROJECT, BUILD_REPOSITORY_ID and SYSTEM_PULLREQUEST_PULLREQUESTID.",
        _ => string.Create(CultureInfo.InvariantCulture, $"Azure DevOps did not accept the pull request status ({(int)status})."),
    };

    private byte[] Body(ScanReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("state", report.Decision.Passed ? "succeeded" : "failed");
            json.WriteString("description", Description(report));
            json.WriteStartObject("context");
            json.WriteString("genre", options.Genre);
            json.WriteString("name", options.ContextName);
            json.WriteEndObject();
            if (target.TargetUrl is { } url)
            {
                json.WriteString("targetUrl", url.AbsoluteUri);
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string Description(ScanReport report)
    {
        var failOn = report.Decision.FailOn?.ToName() ?? "none";
        return report.Decision.Passed
            ? string.Create(CultureInfo.InvariantCulture, $"MLSecOps Gates passed (fail-on {failOn}).")
            : string.Create(CultureInfo.InvariantCulture, $"MLSecOps Gates failed: {report.Decision.BlockingCount} blocking findings (fail-on {failOn}).");
    }
}
