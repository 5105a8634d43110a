using System.Text.Json.Nodes;
using MLSecOps.AzureDevOps.Rest;
using MLSecOps.Core.Reporting;

namespace MLSecOps.AzureDevOps;

/// <summary>Keeps one pull request thread per blocking finding on its file and line: creates it, updates it on re-runs
/// (matched by the fingerprint in the thread's properties), closes it as fixed when the finding is gone, and lists the
/// findings beyond the cap in one summary thread.</summary>
/// <remarks>Not required: a failure is a pipeline warning and never changes the decision.</remarks>
public sealed class PullRequestThreadPublisher : IFindingPublisher
{
    /// <summary>The thread property that holds the finding's fingerprint.</summary>
    public const string FingerprintProperty = "MLSecOps.Fingerprint";

    /// <summary>The thread property that names the gate (and shard) that owns the thread.</summary>
    public const string ScopeProperty = "MLSecOps.Scope";

    /// <summary>The thread property that marks the summary thread of a scope.</summary>
    public const string SummaryProperty = "MLSecOps.Summary";

    private readonly PullRequestStatusTarget _target;
    private readonly TextWriter _writer;
    private readonly PullRequestThreadOptions _options;
    private readonly AzureDevOpsRestClient _client;

    /// <summary>Initializes a new instance of the <see cref="PullRequestThreadPublisher"/> class.</summary>
    /// <param name="target">The pull request and token.</param>
    /// <param name="http">The client; the caller owns it.</param>
    /// <param name="writer">Where warnings go as logging commands: the process's standard output.</param>
    /// <param name="options">The cap and the shard; defaults when <see langword="null"/>.</param>
    /// <param name="apiOptions">Retries; defaults when <see langword="null"/>.</param>
    /// <param name="time">The clock for retry delays.</param>
    public PullRequestThreadPublisher(
        PullRequestStatusTarget target,
        HttpClient http,
        TextWriter writer,
        PullRequestThreadOptions? options = null,
        PullRequestStatusOptions? apiOptions = null,
        TimeProvider? time = null)
    {
        _target = target ?? throw new ArgumentNullException(nameof(target));
        ArgumentNullException.ThrowIfNull(http);
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        _options = options ?? new PullRequestThreadOptions();
        _client = new AzureDevOpsRestClient(http, target.AccessToken, apiOptions ?? new PullRequestStatusOptions(), time ?? TimeProvider.System);
    }

    /// <inheritdoc />
    public string Name => "azure-pr-threads";

    /// <inheritdoc />
    public bool IsRequired => false;

    /// <inheritdoc />
    public async Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        try
        {
            await SynchroniseAsync(report, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or Polly.Timeout.TimeoutRejectedException)
        {
            await _writer.WriteLineAsync(LoggingCommand.LogIssue(IssueType.Warning, $"MLSecOps Gates: {ex.Message}").ToString()).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the scope of a gate's threads: the gate, and the shard when the run scanned one.</summary>
    /// <param name="gate">The gate name.</param>
    /// <returns>For example <c>model-scan</c> or <c>model-scan#2/4</c>.</returns>
    public string ScopeOf(string gate) => _options.Shard is { } shard ? $"{gate}#{shard}" : gate;

    private async Task SynchroniseAsync(ScanReport report, CancellationToken cancellationToken)
    {
        var scopes = report.Gates.Select(g => ScopeOf(g.Gate)).ToHashSet(StringComparer.Ordinal);
        var summaryScope = string.Join(',', report.Gates.Select(g => g.Gate)) + (_options.Shard is { } s ? "#" + s : "");
        var ours = new List<PullRequestThread>();
        await foreach (var json in _client.GetAllAsync(_target.PullRequestUri("threads"), "read the pull request threads", cancellationToken).ConfigureAwait(false))
        {
            if (PullRequestThread.From(json) is { IsDeleted: false } thread && thread.Property(ScopeProperty) is { } scope && scopes.Contains(scope))
            {
                ours.Add(thread);
            }
        }

        var existing = ours.Where(t => t.Property(FingerprintProperty) is not null)
            .GroupBy(t => t.Property(FingerprintProperty)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Id).First(), StringComparer.Ordinal);
        var blocking = report.AllFindings.Where(f => f.Blocking).MostSevereFirst()
            .DistinctBy(f => f.Finding.Fingerprint, StringComparer.Ordinal)
            .ToList();
        var written = 0;
        var rest = new List<EvaluatedFinding>();
        foreach (var finding in blocking)
        {
            if (written >= _options.MaxThreads)
            {
                rest.Add(finding);
                continue;
            }

            var content = PullRequestThreadContent.ForFinding(finding);
            if (existing.TryGetValue(finding.Finding.Fingerprint, out var thread))
            {
                written += await UpdateAsync(thread, content, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
            else
            {
                await CreateAsync(FindingThread(finding, content), cancellationToken).ConfigureAwait(false);
                written++;
            }
        }

        var current = blocking.Select(f => f.Finding.Fingerprint).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in existing.Where(e => !current.Contains(e.Key) && e.Value.IsActive))
        {
            await SetStatusAsync(gone.Value.Id, "fixed", cancellationToken).ConfigureAwait(false);
        }

        var summary = ours.Where(t => t.Property(SummaryProperty) == summaryScope).OrderBy(t => t.Id).FirstOrDefault();
        if (rest.Count > 0)
        {
            var content = PullRequestThreadContent.ForRest(rest, _options.MaxThreads, _options.MaxSummaryLines);
            if (summary is null)
            {
                await CreateAsync(SummaryThread(summaryScope, report.Gates[0].Gate, content), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await UpdateAsync(summary, content, cancellationToken).ConfigureAwait(false);
            }
        }
        else if (summary is { IsActive: true })
        {
            await SetStatusAsync(summary.Id, "fixed", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reopens the thread and rewrites its first comment when either changed; returns whether it called the API.</summary>
    private async Task<bool> UpdateAsync(PullRequestThread thread, string content, CancellationToken cancellationToken)
    {
        var changed = false;
        if (!thread.IsActive)
        {
            await SetStatusAsync(thread.Id, "active", cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        if (thread.First is { } comment && !string.Equals(comment.Content, content, StringComparison.Ordinal))
        {
            await _client.SendAsync(HttpMethod.Patch, _target.PullRequestUri($"threads/{thread.Id}/comments/{comment.Id}"), new JsonObject { ["content"] = content }, "update a pull request comment", cancellationToken).ConfigureAwait(false);
            changed = true;
        }

        return changed;
    }

    private Task CreateAsync(JsonObject thread, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Post, _target.PullRequestUri("threads"), thread, "create a pull request thread", cancellationToken);

    private Task SetStatusAsync(int thread, string status, CancellationToken cancellationToken) =>
        _client.SendAsync(HttpMethod.Patch, _target.PullRequestUri($"threads/{thread}"), new JsonObject { ["status"] = status }, "update a pull request thread", cancellationToken);

    private JsonObject FindingThread(EvaluatedFinding finding, string content)
    {
        var location = finding.Finding.Location;
        var end = Math.Max(location.StartLine, location.EndLine ?? location.StartLine);
        var thread = NewThread(content, new JsonObject
        {
            [FingerprintProperty] = PullRequestThread.StringProperty(finding.Finding.Fingerprint),
            [ScopeProperty] = PullRequestThread.StringProperty(ScopeOf(finding.Finding.Gate)),
        });
        thread["threadContext"] = new JsonObject
        {
            ["filePath"] = "/" + location.Path.TrimStart('/'),
            ["rightFileStart"] = new JsonObject { ["line"] = Math.Max(1, location.StartLine), ["offset"] = 1 },
            ["rightFileEnd"] = new JsonObject { ["line"] = Math.Max(1, end), ["offset"] = 1 },
        };
        return thread;
    }

    private JsonObject SummaryThread(string summaryScope, string firstGate, string content) => NewThread(content, new JsonObject
    {
        [SummaryProperty] = PullRequestThread.StringProperty(summaryScope),
        [ScopeProperty] = PullRequestThread.StringProperty(ScopeOf(firstGate)),
    });

    private static JsonObject NewThread(string content, JsonObject properties) => new()
    {
        ["comments"] = new JsonArray(new JsonObject { ["parentCommentId"] = 0, ["content"] = content, ["commentType"] = 1 }),
        ["status"] = "active",
        ["properties"] = properties,
    };
}
