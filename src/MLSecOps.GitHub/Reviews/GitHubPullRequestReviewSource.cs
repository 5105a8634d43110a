using System.Globalization;
using System.Net;
using MLSecOps.Core.Reviews;
using MLSecOps.GitHub.Api;

namespace MLSecOps.GitHub.Reviews;

/// <summary>Reads a GitHub pull request's reviews, changed files and approvers' team memberships through the REST API, with retries.</summary>
public sealed class GitHubPullRequestReviewSource : IChangeReviewSource
{
    private readonly GitHubEnvironment _environment;
    private readonly GitHubRetryOptions _retry;
    private readonly TimeProvider _time;

    /// <summary>Initializes a new instance of the <see cref="GitHubPullRequestReviewSource"/> class.</summary>
    /// <param name="environment">The run's environment (pull request from the event payload, token, API address).</param>
    /// <param name="retry">Retry options; defaults when <see langword="null"/>.</param>
    /// <param name="time">The clock for retry delays.</param>
    public GitHubPullRequestReviewSource(GitHubEnvironment environment, GitHubRetryOptions? retry = null, TimeProvider? time = null)
    {
        _environment = environment ?? throw new ArgumentNullException(nameof(environment));
        _retry = retry ?? new GitHubRetryOptions();
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public async Task<ChangeReviewResult> GetAsync(IReadOnlyList<string> approvers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(approvers);
        if (_environment.PullRequest is not { } pr)
        {
            return ChangeReviewResult.Skipped($"not a pull-request run (event '{_environment.EventName ?? "none"}'{(_environment.EventPayloadError is { } e ? "; " + e : "")})");
        }

        var api = GitHubApi.For(_environment, GitHubRetryPipeline.Create(_retry, _time));
        if (api is null)
        {
            return ChangeReviewResult.Skipped(pr.IsFromFork
                ? $"fork pull request #{pr.Number} without a token (GitHub gives fork workflows no secrets)"
                : $"no GitHub token for pull request #{pr.Number} (set the action's token input or GITHUB_TOKEN)");
        }

        var change = $"GitHub pull request #{pr.Number}";
        try
        {
            var pull = $"pulls/{pr.Number.ToString(CultureInfo.InvariantCulture)}";
            var reviews = await api.GetAllAsync(api.RepositoryUri(pull + "/reviews"), GitHubJsonContext.Default.ListPullRequestReview, page => page, cancellationToken).ConfigureAwait(false);
            var files = await api.GetAllAsync(api.RepositoryUri(pull + "/files"), GitHubJsonContext.Default.ListPullRequestFile, page => page, cancellationToken).ConfigureAwait(false);
            var verdicts = new List<ReviewVerdict>();
            foreach (var review in LatestVerdicts(reviews))
            {
                var login = review.User!.Login!;
                var isApprover = await IsApproverAsync(api, login, approvers, cancellationToken).ConfigureAwait(false);
                verdicts.Add(new ReviewVerdict(login, State(review), string.Equals(review.CommitId, pr.HeadSha, StringComparison.OrdinalIgnoreCase), isApprover));
            }

            return new ChangeReviewResult
            {
                Change = change,
                HeadCommit = pr.HeadSha,
                ChangedPaths = [.. files.Select(f => f.Filename).OfType<string>()],
                Verdicts = verdicts,
            };
        }
        catch (Exception ex) when (GitHubApi.IsApiFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            return ChangeReviewResult.Failed(change, GitHubApi.Describe(ex));
        }
    }

    /// <summary>Returns each reviewer's latest review that carries a verdict (comments and pending reviews change nothing).</summary>
    private static IEnumerable<PullRequestReview> LatestVerdicts(IEnumerable<PullRequestReview> reviews) =>
        reviews
            .Where(r => r.User?.Login is not null && State(r) is not ReviewState.NoVerdict)
            .GroupBy(r => r.User!.Login!, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.OrderBy(r => r.SubmittedAt).ThenBy(r => r.Id).Last());

    private static ReviewState State(PullRequestReview review) => review.State?.ToUpperInvariant() switch
    {
        "APPROVED" => ReviewState.Approved,
        "CHANGES_REQUESTED" => ReviewState.ChangesRequested,
        "DISMISSED" => ReviewState.Dismissed,
        _ => ReviewState.NoVerdict,
    };

    private static async Task<bool> IsApproverAsync(GitHubApi api, string login, IReadOnlyList<string> approvers, CancellationToken cancellationToken)
    {
        if (approvers.Count == 0)
        {
            return true;
        }

        foreach (var approver in approvers)
        {
            var name = approver.TrimStart('@');
            var slash = name.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                if (string.Equals(name, login, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }

                continue;
            }

            if (await IsTeamMemberAsync(api, name[..slash], name[(slash + 1)..], login, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }

    private static async Task<bool> IsTeamMemberAsync(GitHubApi api, string org, string team, string login, CancellationToken cancellationToken)
    {
        var uri = new Uri($"orgs/{Uri.EscapeDataString(org)}/teams/{Uri.EscapeDataString(team)}/memberships/{Uri.EscapeDataString(login)}", UriKind.Relative);
        try
        {
            var membership = await api.GetAsync(uri, GitHubJsonContext.Default.TeamMembership, cancellationToken).ConfigureAwait(false);
            return string.Equals(membership.State, "active", StringComparison.OrdinalIgnoreCase);
        }
        catch (GitHubApiException ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            // GitHub answers 404 for "not a member" (and for a team the token cannot see; the docs name read:org).
            return false;
        }
    }
}
