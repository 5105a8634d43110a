using System.Globalization;
using MLSecOps.Core.Reporting;
using MLSecOps.GitHub.Workflow;

namespace MLSecOps.GitHub.Api;

/// <summary>Keeps one sticky pull-request comment per gate, found by a hidden marker and edited in place.</summary>
/// <remarks>A blocked gate creates or updates its comment; a passing gate turns an existing comment into a
/// short "resolved" note and creates none.</remarks>
internal sealed class PullRequestCommentPublisher : IFindingPublisher
{
    private readonly GitHubApi? _api;
    private readonly GitHubEnvironment _environment;
    private readonly WorkflowLog _log;

    /// <summary>Initializes a new instance of the <see cref="PullRequestCommentPublisher"/> class.</summary>
    /// <param name="api">The API client, or <see langword="null"/> without a token.</param>
    /// <param name="environment">The run's environment.</param>
    /// <param name="stdout">The step's standard output.</param>
    public PullRequestCommentPublisher(GitHubApi? api, GitHubEnvironment environment, TextWriter stdout)
    {
        _api = api;
        _environment = environment;
        _log = new WorkflowLog(stdout);
    }

    /// <inheritdoc />
    public string Name => "github-pr-comment";

    /// <inheritdoc />
    public bool IsRequired => false;

    /// <summary>Returns the hidden marker that identifies a gate's comment.</summary>
    /// <param name="gate">The gate name.</param>
    /// <returns>For example <c>&lt;!-- mlsecops:model-scan --&gt;</c>.</returns>
    public static string Marker(string gate) => $"<!-- mlsecops:{gate} -->";

    /// <inheritdoc />
    public async Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var skip = (_api, _environment) switch
        {
            (_, { PullRequest: null }) => "the run is not for a pull request",
            (null, _) => "no GitHub token or repository",
            (_, { PullRequest.IsFromFork: true }) => "pull requests from forks get a read-only token",
            _ => null,
        };
        if (skip is not null)
        {
            await _log.NoticeAsync($"Pull-request comment skipped: {skip}.", cancellationToken).ConfigureAwait(false);
            return;
        }

        var api = _api!;
        var number = _environment.PullRequest!.Number;
        try
        {
            var issue = api.RepositoryUri($"issues/{number.ToString(CultureInfo.InvariantCulture)}/comments");
            var comments = await api.GetAllAsync(issue, GitHubJsonContext.Default.ListIssueComment, page => page, cancellationToken).ConfigureAwait(false);
            foreach (var gate in report.Gates)
            {
                var marker = Marker(gate.Gate);
                var sticky = comments.FirstOrDefault(c => c.Body?.StartsWith(marker, StringComparison.Ordinal) == true);
                var body = GateSummaryMarkdown.Blocks(gate)
                    ? $"{marker}\n{GateSummaryMarkdown.For(gate, _environment.RunUrl)}"
                    : $"{marker}\n### ✅ MLSecOps {gate.Gate}: resolved\n\nThe gate passes on {_environment.HeadSha}; nothing blocks any more.\n";
                if (sticky is not null)
                {
                    if (sticky.Body != body)
                    {
                        await api.SendAsync(
                            HttpMethod.Patch,
                            api.RepositoryUri($"issues/comments/{sticky.Id.ToString(CultureInfo.InvariantCulture)}"),
                            new IssueCommentBody(body),
                            GitHubJsonContext.Default.IssueCommentBody,
                            GitHubJsonContext.Default.IssueComment,
                            cancellationToken).ConfigureAwait(false);
                    }
                }
                else if (GateSummaryMarkdown.Blocks(gate))
                {
                    await api.SendAsync(
                        HttpMethod.Post, issue, new IssueCommentBody(body), GitHubJsonContext.Default.IssueCommentBody, GitHubJsonContext.Default.IssueComment, cancellationToken)
                        .ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && GitHubApi.IsPermissionDenied(ex))
        {
            await _log.NoticeAsync($"Pull-request comment skipped: {GitHubApi.Describe(ex)}. The job needs 'permissions: pull-requests: write'.", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && GitHubApi.IsApiFailure(ex))
        {
            await _log.WarningAsync($"Pull-request comment not published: {GitHubApi.Describe(ex)}. The decision is unchanged.", cancellationToken).ConfigureAwait(false);
        }
    }
}
