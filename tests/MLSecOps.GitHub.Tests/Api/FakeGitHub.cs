using System.Text.Json;
using MLSecOps.GitHub.Api;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MLSecOps.GitHub.Tests.Api;

/// <summary>A WireMock server on loopback standing in for the GitHub REST API of acme/fraud-model.</summary>
internal sealed class FakeGitHub : IDisposable
{
    public const string Repo = "/repos/acme/fraud-model";

    public FakeGitHub() => Server = WireMockServer.Start();

    public WireMockServer Server { get; }

    public static GitHubPublishOptions FastOptions { get; } = new()
    {
        Retry = new GitHubRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromSeconds(5), SecondaryRateLimitDelay = TimeSpan.FromMilliseconds(5) },
        ProcessingPollInterval = TimeSpan.FromMilliseconds(1),
        ProcessingTimeout = TimeSpan.FromSeconds(5),
    };

    public GitHubEnvironment Environment(string fixture = "pull_request_event.json", string? token = "ghs_testtoken123456") =>
        Some.PullRequestEnvironment(Server.Url!, fixture, token);

    public GitHubApi? Api(GitHubEnvironment environment) =>
        GitHubApi.For(environment, GitHubRetryPipeline.Create(FastOptions.Retry, TimeProvider.System));

    public IRequestBuilder Request(string method, string path) => WireMock.RequestBuilders.Request.Create().WithPath(Repo + path).UsingMethod(method);

    public void Json(string method, string path, int status, object body, params (string Name, string Value)[] headers)
    {
        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));
        foreach (var (name, value) in headers)
        {
            response = response.WithHeader(name, value);
        }

        Server.Given(Request(method, path)).RespondWith(response);
    }

    public IReadOnlyList<ILogEntry> Requests(string method, string path) =>
        Server.LogEntries.Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path == Repo + path).ToList();

    public void Dispose() => Server.Stop();
}
