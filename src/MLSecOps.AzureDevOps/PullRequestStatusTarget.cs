namespace MLSecOps.AzureDevOps;

/// <summary>The pull request a status is posted to, and the token that may post it.</summary>
/// <param name="CollectionUri">The organization address, such as <c>https://dev.azure.com/org/</c>.</param>
/// <param name="Project">The project name or id.</param>
/// <param name="RepositoryId">The repository id.</param>
/// <param name="PullRequestId">The pull request id.</param>
/// <param name="AccessToken">The job token (<c>System.AccessToken</c>); never printed.</param>
/// <param name="TargetUrl">The page the status links to, such as the build results.</param>
public sealed record PullRequestStatusTarget(Uri CollectionUri, string Project, string RepositoryId, int PullRequestId, string AccessToken, Uri? TargetUrl)
{
    /// <summary>Gets the REST address of the pull request's statuses (api-version 7.1).</summary>
    public Uri StatusesUri
    {
        get
        {
            var root = CollectionUri.AbsoluteUri.TrimEnd('/');
            var project = Uri.EscapeDataString(Project);
            var repository = Uri.EscapeDataString(RepositoryId);
            return new Uri($"{root}/{project}/_apis/git/repositories/{repository}/pullRequests/{PullRequestId}/statuses?api-version=7.1");
        }
    }

    /// <summary>Returns the target of a pull-request build, or <see langword="null"/> when the build validates no pull request
    /// or the pipeline did not map the job token.</summary>
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
            ? new Uri($"{collection.AbsoluteUri.TrimEnd('/')}/{Uri.EscapeDataString(project)}/_build/results?buildId={Uri.EscapeDataString(build)}")
            : null;
        return new PullRequestStatusTarget(collection, project, repository, pullRequest, token, target);
    }

    /// <inheritdoc />
    public override string ToString() => $"PullRequestStatusTarget {{ {StatusesUri} }}";
}
