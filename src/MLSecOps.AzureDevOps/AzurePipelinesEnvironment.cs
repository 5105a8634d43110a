using System.Globalization;

namespace MLSecOps.AzureDevOps;

/// <summary>What the CLI learns from the Azure Pipelines predefined variables it passes down.</summary>
public sealed record AzurePipelinesEnvironment
{
    /// <summary>Gets whether the process runs in Azure Pipelines (<c>TF_BUILD</c> is <c>True</c>).</summary>
    public bool IsAzurePipelines { get; init; }

    /// <summary>Gets the checkout folder (<c>BUILD_SOURCESDIRECTORY</c>).</summary>
    public string? SourcesDirectory { get; init; }

    /// <summary>Gets the agent's per-job temporary folder (<c>AGENT_TEMPDIRECTORY</c>), cleaned after the job.</summary>
    public string? AgentTempDirectory { get; init; }

    /// <summary>Gets the organization address (<c>SYSTEM_COLLECTIONURI</c>), such as <c>https://dev.azure.com/org/</c>.</summary>
    public Uri? CollectionUri { get; init; }

    /// <summary>Gets the project name (<c>SYSTEM_TEAMPROJECT</c>).</summary>
    public string? TeamProject { get; init; }

    /// <summary>Gets the project id (<c>SYSTEM_TEAMPROJECTID</c>).</summary>
    public string? TeamProjectId { get; init; }

    /// <summary>Gets the repository id (<c>BUILD_REPOSITORY_ID</c>).</summary>
    public string? RepositoryId { get; init; }

    /// <summary>Gets the pull request id (<c>SYSTEM_PULLREQUEST_PULLREQUESTID</c>) when the build validates one.</summary>
    public int? PullRequestId { get; init; }

    /// <summary>Gets the commit of the pull request's source branch that the build validates (<c>SYSTEM_PULLREQUEST_SOURCECOMMITID</c>).</summary>
    public string? SourceCommitId { get; init; }

    /// <summary>Gets the job id (<c>SYSTEM_JOBID</c>), unique within the run; it keeps SARIF file names of parallel jobs apart.</summary>
    public string? JobId { get; init; }

    /// <summary>Gets the build id (<c>BUILD_BUILDID</c>).</summary>
    public string? BuildId { get; init; }

    /// <summary>Gets the job token (<c>SYSTEM_ACCESSTOKEN</c>), only present when the pipeline maps it; never printed.</summary>
    public string? AccessToken { get; init; }

    /// <summary>Reads the predefined variables from the environment the CLI captured.</summary>
    /// <param name="variables">Environment variables by name (case-sensitive, as on Linux agents).</param>
    /// <returns>The environment; every value is optional.</returns>
    public static AzurePipelinesEnvironment FromVariables(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        string? Get(string name) => variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
        return new AzurePipelinesEnvironment
        {
            IsAzurePipelines = string.Equals(Get("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase),
            SourcesDirectory = Get("BUILD_SOURCESDIRECTORY"),
            AgentTempDirectory = Get("AGENT_TEMPDIRECTORY"),
            CollectionUri = Uri.TryCreate(Get("SYSTEM_COLLECTIONURI"), UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" ? uri : null,
            TeamProject = Get("SYSTEM_TEAMPROJECT"),
            TeamProjectId = Get("SYSTEM_TEAMPROJECTID"),
            RepositoryId = Get("BUILD_REPOSITORY_ID"),
            PullRequestId = int.TryParse(Get("SYSTEM_PULLREQUEST_PULLREQUESTID"), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null,
            SourceCommitId = Get("SYSTEM_PULLREQUEST_SOURCECOMMITID"),
            JobId = Get("SYSTEM_JOBID"),
            BuildId = Get("BUILD_BUILDID"),
            AccessToken = Get("SYSTEM_ACCESSTOKEN"),
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"AzurePipelinesEnvironment {{ IsAzurePipelines = {IsAzurePipelines}, TeamProject = {TeamProject}, RepositoryId = {RepositoryId}, PullRequestId = {PullRequestId}, AccessToken = {(AccessToken is null ? "none" : "***")} }}";
}
