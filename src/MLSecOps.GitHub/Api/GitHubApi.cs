using System.Net;
using Octokit;
using Octokit.Internal;
using Polly;

namespace MLSecOps.GitHub.Api;

/// <summary>An Octokit client for one repository whose calls all go through the retry pipeline.</summary>
internal sealed class GitHubApi
{
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Initializes a new instance of the <see cref="GitHubApi"/> class.</summary>
    /// <param name="client">The Octokit client.</param>
    /// <param name="owner">The repository owner.</param>
    /// <param name="repository">The repository name.</param>
    /// <param name="pipeline">The retry pipeline.</param>
    public GitHubApi(IGitHubClient client, string owner, string repository, ResiliencePipeline pipeline)
    {
        Client = client;
        Owner = owner;
        Repository = repository;
        _pipeline = pipeline;
    }

    /// <summary>Gets the Octokit client.</summary>
    public IGitHubClient Client { get; }

    /// <summary>Gets the repository owner.</summary>
    public string Owner { get; }

    /// <summary>Gets the repository name.</summary>
    public string Repository { get; }

    /// <summary>Creates the client for <paramref name="environment"/>, or returns <see langword="null"/> without a token or repository.</summary>
    /// <param name="environment">The run's environment; its <see cref="GitHubEnvironment.ApiUrl"/> is the base address.</param>
    /// <param name="pipeline">The retry pipeline.</param>
    /// <returns>The client, or <see langword="null"/>.</returns>
    public static GitHubApi? For(GitHubEnvironment environment, ResiliencePipeline pipeline)
    {
        if (environment.Token is not { } token || environment.Owner is not { } owner || environment.RepositoryName is not { } name)
        {
            return null;
        }

        // Connection takes the base address as given; GitHubClient's own constructor would append /api/v3/.
        var connection = new Connection(
            new ProductHeaderValue("mlsecops", typeof(GitHubApi).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"),
            environment.ApiUrl,
            new InMemoryCredentialStore(new Credentials(token, AuthenticationType.Bearer)));
        return new GitHubApi(new GitHubClient(connection), owner, name, pipeline);
    }

    /// <summary>Runs one API call with retries.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">Cancellation.</param>
    /// <returns>The call's result.</returns>
    public Task<T> CallAsync<T>(Func<IGitHubClient, Task<T>> call, CancellationToken cancellationToken) =>
        _pipeline.ExecuteAsync(async (state, _) => await state.call(state.client).ConfigureAwait(false), (call, client: Client), cancellationToken).AsTask();

    /// <summary>Returns an address relative to the API base, for endpoints Octokit has no client for.</summary>
    /// <param name="path">The path after <c>repos/{owner}/{repo}/</c>.</param>
    /// <returns>The relative address.</returns>
    public Uri RepositoryUri(string path) =>
        new($"repos/{Uri.EscapeDataString(Owner)}/{Uri.EscapeDataString(Repository)}/{path}", UriKind.Relative);

    /// <summary>Tells whether a failure means the token may not do this (read-only fork token, missing permission, feature off).</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>Whether the publisher should be skipped with a notice rather than warned about.</returns>
    public static bool IsPermissionDenied(Exception exception) =>
        exception is ApiException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized }
            and not RateLimitExceededException and not SecondaryRateLimitExceededException;

    /// <summary>Tells whether a failure is a GitHub API or network failure that must only be warned about.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>Whether the publisher should report a warning and carry on; callers rethrow their own cancellation first.</returns>
    public static bool IsApiFailure(Exception exception) =>
        exception is ApiException or HttpRequestException or TaskCanceledException or TimeoutException;

    /// <summary>Describes a failure in one line, without headers or tokens.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>For example <c>HTTP 403: Resource not accessible by integration</c>.</returns>
    public static string Describe(Exception exception) => exception switch
    {
        ApiException api => $"HTTP {(int)api.StatusCode}: {api.Message}",
        _ => exception.Message,
    };
}
