using MLSecOps.AzureDevOps;
using MLSecOps.AzureDevOps.Reviews;
using MLSecOps.Core.Reviews;
using MLSecOps.GitHub;
using MLSecOps.GitHub.Reviews;

namespace MLSecOps.Cli.Scanning;

/// <summary>Picks the review source of the CI system the run is in (GitHub Actions, Azure Pipelines) when the gate asks, not before.</summary>
/// <param name="host">The process environment.</param>
internal sealed class PlatformReviewSource(CliHost host) : IChangeReviewSource
{
    // One client for the process, as HttpClient is meant to be used.
    private static readonly HttpClient s_http = new() { Timeout = TimeSpan.FromSeconds(100) };

    /// <inheritdoc />
    public Task<ChangeReviewResult> GetAsync(IReadOnlyList<string> approvers, CancellationToken cancellationToken) =>
        ScanPublishers.Platform("auto", host) switch
        {
            "github" => new GitHubPullRequestReviewSource(GitHubEnvironment.FromVariables(host.VariablesTable()), time: host.Time).GetAsync(approvers, cancellationToken),
            "azure" => new AzureReposReviewSource(
                AzurePipelinesEnvironment.FromVariables(host.Environment.ToDictionary(e => e.Key, e => (string?)e.Value)),
                string.Equals(host.Variable("SYSTEM_PULLREQUEST_ISFORK"), "true", StringComparison.OrdinalIgnoreCase),
                s_http,
                time: host.Time).GetAsync(approvers, cancellationToken),
            _ => Task.FromResult(ChangeReviewResult.Skipped("not running in a GitHub Actions or Azure Pipelines pull-request build")),
        };
}
