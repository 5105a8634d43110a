using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using System.Globalization;
using MLSecOps.GitHub.Workflow;

namespace MLSecOps.GitHub.Api;

/// <summary>Publishes one check run per gate (<c>MLSecOps / model-scan</c>) on the pull-request head, with every annotation.</summary>
/// <remarks>A re-run on the same commit updates the existing check run and sends only annotations it does not have yet.</remarks>
internal sealed class CheckRunPublisher : IFindingPublisher
{
    /// <summary>The most annotations GitHub accepts in one request.</summary>
    internal const int AnnotationsPerRequest = 50;

    /// <summary>The longest summary GitHub accepts.</summary>
    internal const int MaxSummaryLength = 65_535;

    private readonly GitHubApi? _api;
    private readonly GitHubEnvironment _environment;
    private readonly int _maxAnnotations;
    private readonly WorkflowLog _log;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="CheckRunPublisher"/> class.</summary>
    /// <param name="api">The API client, or <see langword="null"/> without a token.</param>
    /// <param name="environment">The run's environment.</param>
    /// <param name="maxAnnotations">The most annotations per check run.</param>
    /// <param name="stdout">The step's standard output.</param>
    /// <param name="time">The clock for started/completed times.</param>
    public CheckRunPublisher(GitHubApi? api, GitHubEnvironment environment, int maxAnnotations, TextWriter stdout, TimeProvider time)
    {
        _api = api;
        _environment = environment;
        _maxAnnotations = maxAnnotations;
        _log = new WorkflowLog(stdout);
        _time = time;
    }

    /// <inheritdoc />
    public string Name => "github-check-run";

    /// <inheritdoc />
    public bool IsRequired => false;

    /// <summary>Returns the check run name of a gate.</summary>
    /// <param name="gate">The gate name.</param>
    /// <returns>For example <c>MLSecOps / model-scan</c>.</returns>
    public static string CheckName(string gate) => $"MLSecOps / {gate}";

    /// <summary>Maps a gate's outcome to a conclusion: failure when it blocks, neutral with open findings, else success.</summary>
    /// <param name="gate">The gate's report.</param>
    /// <returns>The conclusion.</returns>
    public static CheckRunConclusion Conclusion(GateReport gate) =>
        GateSummaryMarkdown.Blocks(gate) ? CheckRunConclusion.Failure
        : gate.Findings.Any(f => !f.IsSuppressed) ? CheckRunConclusion.Neutral
        : CheckRunConclusion.Success;

    /// <inheritdoc />
    public async Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var skip = (_api, _environment) switch
        {
            (null, _) => "no GitHub token or repository",
            (_, { PullRequest.IsFromFork: true }) => "pull requests from forks get a read-only token",
            (_, { HeadSha: null }) => "GITHUB_SHA is not set",
            _ => null,
        };
        if (skip is not null)
        {
            await _log.NoticeAsync($"Check runs skipped: {skip}.", cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var gate in report.Gates)
        {
            try
            {
                await PublishGateAsync(_api!, gate, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && GitHubApi.IsPermissionDenied(ex))
            {
                await _log.NoticeAsync($"Check runs skipped: {GitHubApi.Describe(ex)}. The job needs 'permissions: checks: write'.", cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && GitHubApi.IsApiFailure(ex))
            {
                await _log.WarningAsync($"Check run {CheckName(gate.Gate)} not published: {GitHubApi.Describe(ex)}. The decision is unchanged.", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Builds the annotation of one finding.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns>The annotation; columns only when the region is on one line, as GitHub requires.</returns>
    internal static CheckRunAnnotation Annotation(Finding finding)
    {
        var location = finding.Location;
        var endLine = Math.Max(location.EndLine ?? location.StartLine, location.StartLine);
        var level = finding.Severity switch
        {
            Severity.Critical or Severity.High => "failure",
            Severity.Medium => "warning",
            _ => "notice",
        };
        var message = location.LogicalPath is { Length: > 0 } inner ? $"{finding.Message} (in {inner})" : finding.Message;
        var oneLine = endLine == location.StartLine && location.StartColumn is not null;
        return new CheckRunAnnotation
        {
            Path = location.Path,
            StartLine = location.StartLine,
            EndLine = endLine,
            StartColumn = oneLine ? location.StartColumn : null,
            EndColumn = oneLine ? location.EndColumn ?? location.StartColumn : null,
            AnnotationLevel = level,
            Message = Truncate(message, 60_000),
            Title = Truncate($"{finding.Rule.Id}: {finding.Rule.Title}", 255),
        };
    }

    private async Task PublishGateAsync(GitHubApi api, GateReport gate, CancellationToken cancellationToken)
    {
        var name = CheckName(gate.Gate);
        var sha = _environment.HeadSha!;
        var existing = await api.GetAllAsync(
            api.RepositoryUri($"commits/{Uri.EscapeDataString(sha)}/check-runs?check_name={Uri.EscapeDataString(name)}"),
            GitHubJsonContext.Default.CheckRunList,
            page => page.CheckRuns,
            cancellationToken).ConfigureAwait(false);
        var previous = existing.Where(r => r.Name == name).OrderByDescending(r => r.Id).FirstOrDefault();

        var annotations = gate.Findings.Where(f => !f.IsSuppressed).MostSevereFirst().Select(f => Annotation(f.Finding)).ToList();
        if (previous is not null)
        {
            var sent = await api.GetAllAsync(
                api.RepositoryUri($"check-runs/{previous.Id.ToString(CultureInfo.InvariantCulture)}/annotations"),
                GitHubJsonContext.Default.ListSentAnnotation,
                page => page,
                cancellationToken).ConfigureAwait(false);
            var known = sent.Select(a => (a.Path, a.StartLine, a.Title, a.Message)).ToHashSet();
            annotations = annotations.Where(a => !known.Contains((a.Path, a.StartLine, a.Title, a.Message))).ToList();
        }

        var total = annotations.Count;
        annotations = annotations.Take(_maxAnnotations).ToList();
        var summary = GateSummaryMarkdown.For(gate, _environment.RunUrl);
        if (total > annotations.Count)
        {
            summary += $"\nOnly the {annotations.Count} most severe of {total} new findings are annotated here; the job summary and code scanning list all of them.\n";
        }

        var title = GateSummaryMarkdown.Title(gate);
        summary = Truncate(summary, MaxSummaryLength);
        var batches = annotations.Chunk(AnnotationsPerRequest).ToList();
        var first = batches.Count > 0 ? batches[0] : [];
        var now = _time.GetUtcNow();
        long id;
        if (previous is null)
        {
            var create = new CheckRunCreate
            {
                Name = name,
                HeadSha = sha,
                Status = "completed",
                Conclusion = Wire(Conclusion(gate)),
                StartedAt = Timestamp(now - gate.Duration),
                CompletedAt = Timestamp(now),
                DetailsUrl = _environment.RunUrl?.AbsoluteUri,
                ExternalId = _environment.RunId,
                Output = new CheckRunOutput(title, summary, first),
            };
            var created = await api.SendAsync(
                HttpMethod.Post, api.RepositoryUri("check-runs"), create, GitHubJsonContext.Default.CheckRunCreate, GitHubJsonContext.Default.CheckRunReference, cancellationToken).ConfigureAwait(false);
            id = created.Id;
        }
        else
        {
            id = previous.Id;
            await UpdateAsync(api, id, gate, title, summary, first, now, cancellationToken).ConfigureAwait(false);
        }

        foreach (var batch in batches.Skip(1))
        {
            await UpdateAsync(api, id, gate, title, summary, batch, now, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task<CheckRunReference> UpdateAsync(
        GitHubApi api, long id, GateReport gate, string title, string summary, IReadOnlyList<CheckRunAnnotation> batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var update = new CheckRunUpdate
        {
            Status = "completed",
            Conclusion = Wire(Conclusion(gate)),
            CompletedAt = Timestamp(now),
            DetailsUrl = _environment.RunUrl?.AbsoluteUri,
            Output = new CheckRunOutput(title, summary, batch),
        };
        return api.SendAsync(
            HttpMethod.Patch,
            api.RepositoryUri($"check-runs/{id.ToString(CultureInfo.InvariantCulture)}"),
            update,
            GitHubJsonContext.Default.CheckRunUpdate,
            GitHubJsonContext.Default.CheckRunReference,
            cancellationToken);
    }

    private static string Wire(CheckRunConclusion conclusion) => conclusion switch
    {
        CheckRunConclusion.Failure => "failure",
        CheckRunConclusion.Neutral => "neutral",
        _ => "success",
    };

    // GitHub's documented form, ISO 8601 in UTC: YYYY-MM-DDTHH:MM:SSZ.
    private static string Timestamp(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";
}
