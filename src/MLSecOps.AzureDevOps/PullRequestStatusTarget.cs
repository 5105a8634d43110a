namespace MLSecOps.AzureDevOps;

/// <summary>The pull request the statuses and threads are posted to, and the token that may post them.</summary>
/// <param name="CollectionUri">The organization address, such as <c>https://dev.azure.com/org/</c>.</param>
/// <param name="Project">The project name or id.</param>
/// <param name="RepositoryId">The repository id.</param>
/// <param name="PullRequestId">The pull request id.</param>
/// <param name="AccessToken">The job token (<c>System.AccessToken</c>); never printed.</param>
/// <param name="TargetUrl">The page the statuses link to: the build's Scans tab.</param>
public sealed record PullRequestStatusTarget(Uri CollectionUri, string Project, string RepositoryId, int PullRequestId, string AccessToken, Uri? TargetUrl)
{
    /// <summary>The build results view of the SARIF SAST Scans Tab extension (publisher <c>sariftools</c>, extension
    /// <c>scans</c>, contribution <c>build-tab</c>).</summary>
    public const string ScansTabView = "sariftools.scans.build-tab";

    /// <summary>Gets the source commit the build validates, used to find the pull request iteration; optional.</summary>
    public string? SourceCommitId { get; init; }

    /// <summary>Gets the REST address of the pull request's statuses (api-version 7.1).</summary>
    public Uri StatusesUri => PullRequestUri("statuses");

    /// <summary>Returns the REST address of a resource under the pull request, with the api-version query.</summary>
    /// <param name="relative">The path under <c>pullRequests/{id}/</c>, such as <c>threads</c> or <c>threads/7/comments/1</c>.</param>
    /// <returns>The address.</returns>
    public Uri PullRequestUri(string relative)
    {
        var root = CollectionUri.AbsoluteUri.TrimEnd('/');
        var project = Uri.EscapeDataString(Project);
        var repository = Uri.EscapeDataString(RepositoryId);
        return new Uri($"{root}/{project}/_apis/git/repositories/{repository}/pullRequests/{PullRequestId}/{relative}?api-version={Rest.AzureDevOpsRestClient.ApiVersion}");
    }

    /// <summary>Returns the target of a pull-request build, or <see langword="null"/> when the build validates no pull request
    /// or the job token is not in the environment.</summary>
    /// <param name="environment">The pipeline environment.</param>
    /// <returns>The target or <see langword="null"/>.</returns>
    public static PullRequestStatusTarget? From(AzurePipelinesEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (environment is not
            {
                CollectionUri: { } collection,
                RepositoryId: { } repository,
                PullRequestId: { } pullRequest,
                AccessToken: { } token,
            }
            || (environment.TeamProjectId ?? environment.TeamProject) is not { } project)
        {
            return null;
        }

        var target = environment.BuildId is { } build
            ? new Uri($"{collection.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={Uri.EscapeDataString(build)}&view={ScansTabView}")
            : null;
        return new PullRequestStatusTarget(collection, project, repository, pullRequest, token, target) { SourceCommitId = environment.SourceCommitId };
    }

    /// <inheritdoc />
    public override string ToString() => $"PullRequestStatusTarget {{ {StatusesUri} }}";
}
