using System.Collections;
using System.Text.Json;

namespace MLSecOps.GitHub;

/// <summary>What a GitHub Actions run tells the tool through its environment variables and event payload.</summary>
/// <remarks><see cref="ToString"/> never prints the token.</remarks>
public sealed record GitHubEnvironment
{
    /// <summary>The largest event payload read; GitHub's are far smaller.</summary>
    internal const long MaxEventPayloadBytes = 32 * 1024 * 1024;

    /// <summary>Gets whether the process runs inside GitHub Actions (<c>GITHUB_ACTIONS=true</c>).</summary>
    public bool IsGitHubActions { get; init; }

    /// <summary>Gets the checkout directory (<c>GITHUB_WORKSPACE</c>).</summary>
    public string? Workspace { get; init; }

    /// <summary>Gets the repository as <c>owner/name</c> (<c>GITHUB_REPOSITORY</c>).</summary>
    public string? Repository { get; init; }

    /// <summary>Gets the commit the workflow runs on (<c>GITHUB_SHA</c>); the test merge commit for pull requests.</summary>
    public string? Sha { get; init; }

    /// <summary>Gets the ref the workflow runs on (<c>GITHUB_REF</c>), such as <c>refs/pull/7/merge</c>.</summary>
    public string? Ref { get; init; }

    /// <summary>Gets the event name (<c>GITHUB_EVENT_NAME</c>), such as <c>pull_request</c>.</summary>
    public string? EventName { get; init; }

    /// <summary>Gets the REST API address (<c>GITHUB_API_URL</c>).</summary>
    /// <value>Defaults to <c>https://api.github.com</c>.</value>
    public Uri ApiUrl { get; init; } = new("https://api.github.com");

    /// <summary>Gets the web address (<c>GITHUB_SERVER_URL</c>).</summary>
    /// <value>Defaults to <c>https://github.com</c>.</value>
    public Uri ServerUrl { get; init; } = new("https://github.com");

    /// <summary>Gets the workflow run id (<c>GITHUB_RUN_ID</c>).</summary>
    public string? RunId { get; init; }

    /// <summary>Gets the job summary file (<c>GITHUB_STEP_SUMMARY</c>).</summary>
    public string? StepSummaryPath { get; init; }

    /// <summary>Gets the step outputs file (<c>GITHUB_OUTPUT</c>).</summary>
    public string? OutputPath { get; init; }

    /// <summary>Gets the API token: the action's <c>token</c> input (<c>INPUT_TOKEN</c>), else <c>GITHUB_TOKEN</c>.</summary>
    public string? Token { get; init; }

    /// <summary>Gets the pull request the run is for, from the event payload, if any.</summary>
    public PullRequestInfo? PullRequest { get; init; }

    /// <summary>Gets why the event payload could not be read, if it could not.</summary>
    public string? EventPayloadError { get; init; }

    /// <summary>Gets the repository owner, or <see langword="null"/> when the repository is unknown.</summary>
    public string? Owner => SplitRepository()?.Owner;

    /// <summary>Gets the repository name, or <see langword="null"/> when the repository is unknown.</summary>
    public string? RepositoryName => SplitRepository()?.Name;

    /// <summary>Gets the commit a check run belongs on: the pull request head, else <see cref="Sha"/>.</summary>
    public string? HeadSha => PullRequest?.HeadSha ?? Sha;

    /// <summary>Gets the address of the run's page, if known.</summary>
    public Uri? RunUrl => Repository is null || RunId is null ? null : new Uri(ServerUrl, $"{Repository}/actions/runs/{RunId}");

    /// <summary>Reads the environment (as <c>Environment.GetEnvironmentVariables()</c> returns it) and the event payload file.</summary>
    /// <param name="variables">The environment variables.</param>
    /// <returns>The environment; a missing or malformed payload leaves <see cref="PullRequest"/> unset and sets <see cref="EventPayloadError"/>.</returns>
    public static GitHubEnvironment FromVariables(IDictionary variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        string? Get(string name) => variables[name] is string { Length: > 0 } value ? value : null;

        var eventPath = Get("GITHUB_EVENT_PATH");
        var (pullRequest, error) = eventPath is null ? (null, null) : ReadPullRequest(eventPath);
        return new GitHubEnvironment
        {
            IsGitHubActions = string.Equals(Get("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase),
            Workspace = Get("GITHUB_WORKSPACE"),
            Repository = Get("GITHUB_REPOSITORY"),
            Sha = Get("GITHUB_SHA"),
            Ref = Get("GITHUB_REF"),
            EventName = Get("GITHUB_EVENT_NAME"),
            ApiUrl = AbsoluteUri(Get("GITHUB_API_URL")) ?? new Uri("https://api.github.com"),
            ServerUrl = AbsoluteUri(Get("GITHUB_SERVER_URL")) ?? new Uri("https://github.com"),
            RunId = Get("GITHUB_RUN_ID"),
            StepSummaryPath = Get("GITHUB_STEP_SUMMARY"),
            OutputPath = Get("GITHUB_OUTPUT"),
            Token = Get("INPUT_TOKEN") ?? Get("GITHUB_TOKEN"),
            PullRequest = pullRequest,
            EventPayloadError = error,
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"GitHubEnvironment {{ Repository = {Repository}, Event = {EventName}, Ref = {Ref}, Sha = {Sha}, PullRequest = {PullRequest?.Number}, Token = {(Token is null ? "none" : "***")} }}";

    private static (PullRequestInfo? PullRequest, string? Error) ReadPullRequest(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (stream.Length > MaxEventPayloadBytes)
            {
                return (null, $"event payload {path} is larger than {MaxEventPayloadBytes} bytes");
            }

            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
            return (PullRequestInfo.FromEventPayload(document.RootElement), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return (null, $"cannot read event payload {path}: {ex.Message}");
        }
    }

    private static Uri? AbsoluteUri(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) ? new Uri(uri.AbsoluteUri.TrimEnd('/') + "/") : null;

    private (string Owner, string Name)? SplitRepository()
    {
        var slash = Repository?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0 && slash < Repository!.Length - 1 ? (Repository[..slash], Repository[(slash + 1)..]) : null;
    }
}
