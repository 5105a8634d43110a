using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MLSecOps.Core.Reviews;
using MLSecOps.AzureDevOps.Rest;
using Polly;
using Polly.Timeout;

namespace MLSecOps.AzureDevOps.Reviews;

/// <summary>Reads an Azure Repos pull request's reviewer votes, changed files and vote times (REST api-version 7.1), with retries.</summary>
public sealed class AzureReposReviewSource : IChangeReviewSource
{
    /// <summary>The largest response read.</summary>
    internal const int MaxResponseBytes = 16 * 1024 * 1024;

    private const int MaxChangePages = 50;

    private readonly AzurePipelinesEnvironment _environment;
    private readonly bool _isFork;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    /// <summary>Initializes a new instance of the <see cref="AzureReposReviewSource"/> class.</summary>
    /// <param name="environment">The pipeline environment (collection, project, repository, pull request, token).</param>
    /// <param name="isFork">Whether the pull request comes from a fork (<c>SYSTEM_PULLREQUEST_ISFORK</c>).</param>
    /// <param name="http">The client; the caller owns it.</param>
    /// <param name="options">Retry options; defaults when <see langword="null"/>.</param>
    /// <param name="time">The clock for retry delays.</param>
    public AzureReposReviewSource(AzurePipelinesEnvironment environment, bool isFork, HttpClient http, AzureReposReviewOptions? options = null, TimeProvider? time = null)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _isFork = isFork;
        _pipeline = BuildPipeline(options ?? new AzureReposReviewOptions(), time ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public async Task<ChangeReviewResult> GetAsync(IReadOnlyList<string> approvers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approvers);
        if (_environment.PullRequestId is not { } id)
        {
            return ChangeReviewResult.Skipped("not a pull-request validation build (SYSTEM_PULLREQUEST_PULLREQUESTID is not set)");
        }

        if (_environment.AccessToken is not { } token)
        {
            return ChangeReviewResult.Skipped(_isFork
                ? $"fork pull request {id} without a token (Azure Pipelines gives fork builds no System.AccessToken)"
                : $"no token for pull request {id} (map System.AccessToken to SYSTEM_ACCESSTOKEN in the step's env)");
        }

        if (_environment is not { CollectionUri: { } collection, RepositoryId: { } repository } || (_environment.TeamProjectId ?? _environment.TeamProject) is not { } project)
        {
            return ChangeReviewResult.Skipped("SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT or BUILD_REPOSITORY_ID is not set");
        }

        var change = $"Azure Repos pull request {id}";
        var prefix = $"{collection.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_apis/git/repositories/{Uri.EscapeDataString(repository)}/pullRequests/{id}";
        try
        {
            using var pr = await GetAsync(new Uri(prefix + "?api-version=7.1"), token, cancellationToken).ConfigureAwait(false);
            using var iterations = await GetAsync(new Uri(prefix + "/iterations?api-version=7.1"), token, cancellationToken).ConfigureAwait(false);
            using var threads = await GetAsync(new Uri(prefix + "/threads?api-version=7.1"), token, cancellationToken).ConfigureAwait(false);
            var last = iterations.RootElement.GetProperty("value").EnumerateArray().OrderBy(i => i.GetProperty("id").GetInt32()).LastOrDefault();
            var changed = last.ValueKind == JsonValueKind.Object
                ? await ChangedPathsAsync(prefix, last.GetProperty("id").GetInt32(), token, cancellationToken).ConfigureAwait(false)
                : [];
            var lastPush = last.ValueKind == JsonValueKind.Object && last.TryGetProperty("createdDate", out var created) ? created.GetDateTimeOffset() : (DateTimeOffset?)null;
            var votedAt = VoteTimes(threads.RootElement);
            var head = pr.RootElement.TryGetProperty("lastMergeSourceCommit", out var commit) ? commit.GetProperty("commitId").GetString() : null;
            var verdicts = Reviewers(pr.RootElement)
                .Select(r => new ReviewVerdict(
                    r.Name,
                    r.State,
                    lastPush is null || !votedAt.TryGetValue(r.Id, out var at) || at >= lastPush,
                    approvers.Count == 0 ? r.IsRequired : approvers.Any(a => r.Matches(a))))
                .ToList();
            return new ChangeReviewResult { Change = change, HeadCommit = head, ChangedPaths = changed, Verdicts = verdicts };
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TimeoutRejectedException or KeyNotFoundException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
        {
            return ChangeReviewResult.Failed(change, ex.Message);
        }
    }

    private async Task<List<string>> ChangedPathsAsync(string prefix, int iteration, string token, CancellationToken cancellationToken)
    {
        var paths = new List<string>();
        var skip = 0;
        for (var page = 0; page < MaxChangePages; page++)
        {
            using var changes = await GetAsync(new Uri(string.Create(CultureInfo.InvariantCulture, $"{prefix}/iterations/{iteration}/changes?$top=2000&$skip={skip}&api-version=7.1")), token, cancellationToken).ConfigureAwait(false);
            foreach (var entry in changes.RootElement.GetProperty("changeEntries").EnumerateArray())
            {
                var item = entry.TryGetProperty("item", out var i) ? i : entry.GetProperty("originalPath");
                if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("path", out var path) && path.GetString() is { } p)
                {
                    paths.Add(p.TrimStart('/'));
                }
            }

            if (!changes.RootElement.TryGetProperty("nextSkip", out var next) || next.GetInt32() <= skip)
            {
                break;
            }

            skip = next.GetInt32();
        }

        return paths;
    }

    /// <summary>Returns when each reviewer (by identity id) last voted, from the pull request's vote-update system threads.</summary>
    private static Dictionary<string, DateTimeOffset> VoteTimes(JsonElement threads)
    {
        var times = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        foreach (var thread in threads.GetProperty("value").EnumerateArray())
        {
            if (!thread.TryGetProperty("properties", out var properties) || Property(properties, "CodeReviewThreadType") != "VoteUpdate"
                || Property(properties, "CodeReviewVotedByIdentity") is not { } voter || !thread.TryGetProperty("publishedDate", out var published))
            {
                continue;
            }

            var at = published.GetDateTimeOffset();
            if (!times.TryGetValue(voter, out var known) || at > known)
            {
                times[voter] = at;
            }
        }

        return times;
    }

    private static string? Property(JsonElement properties, string name) =>
        properties.TryGetProperty(name, out var p) && p.TryGetProperty("$value", out var v) ? v.ToString() : null;

    private static IEnumerable<Reviewer> Reviewers(JsonElement pr) =>
        pr.TryGetProperty("reviewers", out var reviewers)
            ? reviewers.EnumerateArray().Select(r => new Reviewer(
                r.GetProperty("id").GetString() ?? "",
                r.TryGetProperty("uniqueName", out var u) ? u.GetString() ?? "" : "",
                r.TryGetProperty("displayName", out var d) ? d.GetString() ?? "" : "",
                r.TryGetProperty("isRequired", out var req) && req.ValueKind == JsonValueKind.True,
                Vote(r)))
            : [];

    private static ReviewState Vote(JsonElement reviewer)
    {
        if (reviewer.TryGetProperty("hasDeclined", out var declined) && declined.ValueKind == JsonValueKind.True)
        {
            return ReviewState.NoVerdict;
        }

        return reviewer.TryGetProperty("vote", out var vote) ? vote.GetInt32() switch
        {
            10 or 5 => ReviewState.Approved,
            -10 or -5 => ReviewState.ChangesRequested,
            _ => ReviewState.NoVerdict,
        } : ReviewState.NoVerdict;
    }

    private async Task<JsonDocument> GetAsync(Uri uri, string token, CancellationToken cancellationToken)
    {
        using var response = await _pipeline.ExecuteAsync(
            async ct =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(Failure(response.StatusCode), null, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            throw new HttpRequestException($"Azure DevOps answered with more than {MaxResponseBytes} bytes");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            // A sign-in page instead of JSON (expired token) fails here as JsonException.
            return await JsonDocument.ParseAsync(stream, new JsonDocumentOptions { MaxDepth = 64 }, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Failure(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
            string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}: Azure DevOps refused to show the pull request; let the build service read code (Repos > Security > Read) and map System.AccessToken"),
        HttpStatusCode.NotFound => "HTTP 404: no such pull request or repository; check SYSTEM_TEAMPROJECT, BUILD_REPOSITORY_ID and SYSTEM_PULLREQUEST_PULLREQUESTID",
        _ => string.Create(CultureInfo.InvariantCulture, $"HTTP {(int)status}: Azure DevOps failed to answer"),
    };

    private static ResiliencePipeline<HttpResponseMessage> BuildPipeline(AzureReposReviewOptions options, TimeProvider time) =>
        AzureDevOpsRetryPipeline.Build(options.MaxRetryAttempts, options.RetryDelay, options.MaxRetryAfter, options.AttemptTimeout, time);

    private sealed record Reviewer(string Id, string UniqueName, string DisplayName, bool IsRequired, ReviewState State)
    {
        public string Name => UniqueName.Length > 0 ? UniqueName : DisplayName;

        public bool Matches(string approver) =>
            string.Equals(approver, UniqueName, StringComparison.OrdinalIgnoreCase) || string.Equals(approver, DisplayName, StringComparison.OrdinalIgnoreCase);
    }
}
