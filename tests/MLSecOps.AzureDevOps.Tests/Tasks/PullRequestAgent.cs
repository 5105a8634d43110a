using MLSecOps.TestKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>An agent work folder (s/ and _temp/) and a WireMock organisation answering the pull-request calls a task makes
/// on PR 42: its iterations, threads and statuses.</summary>
internal sealed class PullRequestAgent : IDisposable
{
    /// <summary>The job token the agent hands the task.</summary>
    public const string Token = "job-token-4f1e9c";

    /// <summary>The REST path of the pull request.</summary>
    public const string PullRequestPath = "/org/proj/_apis/git/repositories/repo-1/pullRequests/42";

    /// <summary>Starts the server and makes the folders.</summary>
    public PullRequestAgent()
    {
        Server = WireMockServer.Start();
        Server.Given(Request.Create().WithPath(PullRequestPath + "/iterations").UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new { value = new[] { new { id = 3 } } }));
        Server.Given(Request.Create().WithPath(PullRequestPath + "/threads").UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new { value = Array.Empty<object>() }));
        Server.Given(Request.Create().WithPath(PullRequestPath + "/threads").UsingPost()).RespondWith(Response.Create().WithBody("{\"id\":1}"));
        Server.Given(Request.Create().WithPath(PullRequestPath + "/statuses").UsingPost()).RespondWith(Response.Create().WithStatusCode(201).WithBody("{}"));
        Folder = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(Folder.Path, "s"));
        Directory.CreateDirectory(Path.Combine(Folder.Path, "_temp"));
    }

    /// <summary>Gets the organisation's stand-in.</summary>
    public WireMockServer Server { get; }

    /// <summary>Gets the agent's work folder.</summary>
    public TempDirectory Folder { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Server.Stop();
        Server.Dispose();
        Folder.Dispose();
    }
}
