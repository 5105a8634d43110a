using System.IO.Compression;
using System.Text.Json;
using MLSecOps.TestKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MLSecOps.Cli.Tests;

/// <summary>The whole CLI as a docker action against a loopback stand-in for the GitHub REST API: SARIF upload and check run.</summary>
public sealed class GitHubApiEndToEndTests
{
    private const string Repo = "/repos/acme/fraud-model";
    private const string HeadSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    private const string Token = "ghs_e2etoken0123456789abcdef";

    [Test]
    public async Task Scan_PullRequestWithToken_UploadsTheWrittenSarifAndCreatesACheckRunOnTheHead()
    {
        // Given a fake GitHub API and the environment of a pull_request run
        using var server = WireMockServer.Start();
        Json(server, "POST", "/code-scanning/sarifs", 202, new { id = "up-1", url = "u" });
        Json(server, "GET", "/code-scanning/sarifs/up-1", 200, new { processing_status = "complete", analyses_url = "a" });
        Json(server, "GET", $"/commits/{HeadSha}/check-runs", 200, new { total_count = 0, check_runs = Array.Empty<object>() });
        Json(server, "POST", "/check-runs", 201, new { id = 9, name = "MLSecOps / data-check", head_sha = HeadSha, status = "completed", conclusion = "failure" });
        Json(server, "PATCH", "/check-runs/9", 200, new { id = 9, name = "MLSecOps / data-check", head_sha = HeadSha, status = "completed", conclusion = "failure" });
        using var workspace = new TempDirectory();
        workspace.Write("data/a.csv", "BAD\n");
        workspace.Copy(FixturePaths.Of("github/pull_request_event.json"), "_runner/event.json");
        var environment = PullRequestRunner.Environment(workspace.Path, server.Url!, Token);
        environment["INPUT_SARIF"] = "mlsecops-data-check.sarif";

        // When
        var run = await CliRun.InvokeAsync(workspace.Path, environment, [new TestGate()], "data-check", ".");

        // Then the decision stands, the uploaded SARIF is the file on disk, and the check run sits on the PR head
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
        var upload = Body(server, "POST", "/code-scanning/sarifs");
        var sent = Gunzip(Convert.FromBase64String(upload.GetProperty("sarif").GetString()!));
        using (var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Path, "mlsecops-data-check.sarif"))))
        using (var uploaded = JsonDocument.Parse(sent))
        {
            Assert.That(JsonElement.DeepEquals(uploaded.RootElement, written.RootElement), Is.True);
        }

        Assert.That(Body(server, "POST", "/check-runs").GetProperty("head_sha").GetString(), Is.EqualTo(HeadSha));
        Assert.That(run.Out.Split('\n').Where(l => l.Contains(Token, StringComparison.Ordinal)), Is.EqualTo(new[] { "::add-mask::" + Token }));
    }

    [Test]
    public async Task Scan_ApiFailsWith500_StillBlocksAndWarns()
    {
        // Given an API that fails every call
        using var server = WireMockServer.Start();
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(500));
        using var workspace = new TempDirectory();
        workspace.Write("data/a.csv", "BAD\n");
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_WORKSPACE"] = workspace.Path,
            ["GITHUB_REPOSITORY"] = "acme/fraud-model",
            ["GITHUB_SHA"] = HeadSha,
            ["GITHUB_REF"] = "refs/heads/main",
            ["GITHUB_API_URL"] = server.Url!,
            ["INPUT_TOKEN"] = Token,
            ["INPUT_UPLOAD-SARIF"] = "false",
        };

        // When
        var run = await CliRun.InvokeAsync(workspace.Path, environment, [new TestGate()], "data-check", ".");

        // Then the API failure is a warning and the blocked decision is kept
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
        Assert.That(run.Out, Does.Contain("::warning"));
    }

    private static void Json(WireMockServer server, string method, string path, int status, object body) =>
        server.Given(Request.Create().WithPath(Repo + path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body)));

    private static JsonElement Body(WireMockServer server, string method, string path)
    {
        var entry = server.LogEntries.Single(e => e.RequestMessage.Method == method && e.RequestMessage.Path == Repo + path);
        return JsonDocument.Parse(entry.RequestMessage.Body!).RootElement.Clone();
    }

    private static string Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(input);
        return reader.ReadToEnd();
    }
}
