using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using MLSecOps.TestKit;
using Parquet;
using Parquet.Schema;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MLSecOps.Cli.Tests;

/// <summary>
/// The CLI as a whole process on real files and loopback APIs: every path trimming and NativeAOT could break (SARIF, JSON,
/// CycloneDX, compliance, Parquet.Net, PureHDF, YamlDotNet, baselines, the GitHub and Azure DevOps REST clients).
/// They run the framework-dependent build in UnitTests, and the native binary in build.cake AotTest (MLSECOPS_CLI).
/// </summary>
[Category("Process")]
public sealed class WholeProcessTests
{
    private const string Token = "ghs_aottoken0123456789abcdef";
    private const string HeadSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    [Test]
    public async Task Version_IsTheFrameworkDependentBuildsVersion()
    {
        using var folder = new TempDirectory();

        var run = await CliProcess.RunAsync(folder.Path, "--version");
        var reference = await CliProcess.RunFrameworkDependentAsync(folder.Path, "--version");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Out, Is.EqualTo(reference.Out).And.Match(@"^\d+\.\d+\.\d+"));
    }

    [Test]
    public async Task Scan_ExampleRepository_WritesTheReportsTheFrameworkDependentBuildWrites()
    {
        // Given the example repository with its planted problems, scanned by the CLI under test and by `dotnet mlsecops.dll`
        using var repo = new TempDirectory();
        CopyDirectory(Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo"), repo.Path);
        using var process = new TempDirectory();
        using var reference = new TempDirectory();

        // When
        var run = await CliProcess.RunAsync(repo.Path, ReportArguments(process.Path));
        var expected = await CliProcess.RunFrameworkDependentAsync(repo.Path, ReportArguments(reference.Path));

        // Then every report is the same file (the JSON report apart from its clock readings)
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.ExitCode, Is.EqualTo(expected.ExitCode));
        foreach (var name in new[] { "report.sarif", "report.cdx.json", "compliance.md", "summary.md" })
        {
            Assert.That(File.ReadAllText(Path.Combine(process.Path, name)), Is.EqualTo(File.ReadAllText(Path.Combine(reference.Path, name))), name);
        }

        Assert.That(WithoutClock(Path.Combine(process.Path, "report.json")), Is.EqualTo(WithoutClock(Path.Combine(reference.Path, "report.json"))));
        var sarif = JsonNode.Parse(File.ReadAllText(Path.Combine(process.Path, "report.sarif")))!;
        var runs = sarif["runs"]!.AsArray();
        Assert.That(runs, Has.Count.EqualTo(4));
        Assert.That(runs.Sum(r => r!["results"]!.AsArray().Count), Is.GreaterThan(20));
        Assert.That((string?)runs[0]!["tool"]!["driver"]!["rules"]![0]!["properties"]!["tags"]![0], Is.EqualTo("security"));
        Assert.That((bool?)runs[0]!["results"]![0]!["properties"]!["blocking"], Is.Not.Null);
    }

    [Test]
    public async Task DataCheck_ParquetWrittenByParquetNet_FindsTheAddressInItsColumn()
    {
        using var repo = new TempDirectory();
        var field = new DataField<string>("comment");
        var stream = File.Create(Path.Combine(Directory.CreateDirectory(Path.Combine(repo.Path, "data")).FullName, "train.parquet"));
        await using (stream)
        {
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(field), stream);
            using var group = writer.CreateRowGroup();
            await group.WriteAsync(field, new[] { "hello", "mail jane.doe@gmail.com now", "fine" });
        }

        var run = await CliProcess.RunAsync(repo.Path, "data-check", ".", "--fail-on", "medium");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
        Assert.That(run.Out, Does.Contain("MEDIUM DAT010 data/train.parquet").And.Contain("j***@gmail.com"));
    }

    [Test]
    public async Task ModelScan_KerasH5WithALambdaLayer_ReadsItsConfigThroughPureHdf()
    {
        using var repo = new TempDirectory();
        repo.Copy(FixturePaths.Of("model-scan/formats/keras/lambda.h5"), "models/model.h5");

        var run = await CliProcess.RunAsync(repo.Path, "model-scan", ".", "--sarif", "out.sarif");

        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
        Assert.That(run.Out, Does.Contain("CRITICAL MOD050 models/model.h5:1 Lambda layer 'lambda' stores marshalled Python bytecode"));
        Assert.That(File.ReadAllText(Path.Combine(repo.Path, "out.sarif")), Does.Contain("\"ruleId\": \"MOD050\""));
    }

    [Test]
    public async Task ModelScan_EmptyFolder_Passes()
    {
        using var repo = new TempDirectory();

        var run = await CliProcess.RunAsync(repo.Path, "model-scan", ".");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
        Assert.That(run.Out, Does.Contain("Decision: PASS"));
    }

    [Test]
    public async Task Scan_PolicyWithAnUnknownKey_ExitsTwoNamingFileLineAndTheValidKeys()
    {
        using var repo = new TempDirectory();
        repo.Write(".mlsecops.yml", "version: 1\nunknownkey: 3\n");

        var run = await CliProcess.RunAsync(repo.Path, "scan", ".");

        Assert.That(run.ExitCode, Is.EqualTo(2), run.Out + run.Error);
        Assert.That(run.Error, Does.Contain("mlsecops: .mlsecops.yml:2:1: unknown key 'unknownkey'; valid: version, fail-on, gates, rules, waivers"));
        Assert.That(run.Error, Does.Not.Contain("   at "));
    }

    [Test]
    public async Task Baseline_WrittenThenRead_SuppressesTheAcceptedFindings()
    {
        using var repo = new TempDirectory();
        repo.Copy(FixturePaths.Of("data-check/pii/email.fail.csv"), "data/email.csv");

        var written = await CliProcess.RunAsync(repo.Path, "baseline", ".", "--fail-on", "medium", "-o", "baseline.json");
        var scan = await CliProcess.RunAsync(repo.Path, "data-check", ".", "--fail-on", "medium", "--baseline", "baseline.json");
        var malformed = repo.Write("broken.json", "{\"version\": 1, \"findings\": [");
        var broken = await CliProcess.RunAsync(repo.Path, "data-check", ".", "--baseline", Path.GetFileName(malformed));

        Assert.That(written.ExitCode, Is.EqualTo(0), written.Out + written.Error);
        var entries = JsonNode.Parse(File.ReadAllText(Path.Combine(repo.Path, "baseline.json")))!;
        Assert.That((int?)entries["version"], Is.EqualTo(1));
        Assert.That((string?)entries["findings"]![0]!["rule"], Is.EqualTo("DAT010"));
        Assert.That(scan.ExitCode, Is.EqualTo(0), scan.Out + scan.Error);
        Assert.That(scan.Out, Does.Contain("1 suppressed, 0 blocking"));
        Assert.That(broken.ExitCode, Is.EqualTo(2), broken.Out + broken.Error);
        Assert.That(broken.Error, Does.Contain("broken.json:1:").And.Contain("malformed baseline JSON"));
    }

    [Test]
    public async Task DataCheck_PullRequestOnGitHub_UploadsTheSarifAndCreatesTheCheckRunThroughTheRestClient()
    {
        // Given a loopback GitHub API and the environment of a pull_request run
        using var server = WireMockServer.Start();
        const string repoPath = "/repos/acme/fraud-model";
        Json(server, "POST", repoPath + "/code-scanning/sarifs", 202, """{"id":"up-1","url":"u"}""");
        Json(server, "GET", repoPath + "/code-scanning/sarifs/up-1", 200, """{"processing_status":"complete","analyses_url":"a"}""");
        Json(server, "GET", $"{repoPath}/commits/{HeadSha}/check-runs", 200, """{"total_count":0,"check_runs":[]}""");
        var checkRun = $$"""{"id":9,"name":"MLSecOps / data-check","head_sha":"{{HeadSha}}","status":"completed","conclusion":"failure"}""";
        Json(server, "POST", repoPath + "/check-runs", 201, checkRun);
        Json(server, "PATCH", repoPath + "/check-runs/9", 200, checkRun);
        using var workspace = new TempDirectory();
        workspace.Copy(FixturePaths.Of("data-check/pii/email.fail.csv"), "data/email.csv");
        workspace.Copy(FixturePaths.Of("github/pull_request_event.json"), "_runner/event.json");
        var environment = PullRequestRunner.Environment(workspace.Path, server.Url!, Token);
        environment["INPUT_SARIF"] = "mlsecops-data-check.sarif";

        // When
        var run = await CliProcess.RunAsync(workspace.Path, environment, "data-check", ".", "--fail-on", "medium");

        // Then the uploaded SARIF is the file on disk, the client read the upload id and its status, and the check run sits on the head
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
        Assert.That(run.Out, Does.Contain("MLSecOps: code scanning processed SARIF upload up-1 (mlsecops/data-check/, 1 results)."));
        Assert.That(run.Out.Split('\n').Where(l => l.StartsWith("::warning::", StringComparison.Ordinal)), Is.Empty, "no publisher warned");
        var upload = Body(server, "POST", repoPath + "/code-scanning/sarifs");
        Assert.That(upload.GetProperty("commit_sha").GetString(), Is.EqualTo("1111111111111111111111111111111111111111"));
        Assert.That(upload.GetProperty("ref").GetString(), Is.EqualTo("refs/pull/42/merge"));
        using (var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Path, "mlsecops-data-check.sarif"))))
        using (var uploaded = JsonDocument.Parse(Gunzip(Convert.FromBase64String(upload.GetProperty("sarif").GetString()!))))
        {
            Assert.That(JsonElement.DeepEquals(uploaded.RootElement, written.RootElement), Is.True);
        }

        var created = Body(server, "POST", repoPath + "/check-runs");
        Assert.That(created.GetProperty("head_sha").GetString(), Is.EqualTo(HeadSha));
        Assert.That(created.GetProperty("name").GetString(), Is.EqualTo("MLSecOps / data-check"));
        Assert.That(created.GetProperty("conclusion").GetString(), Is.EqualTo("failure"));
        Assert.That(server.LogEntries.Single(e => e.RequestMessage.Path == $"{repoPath}/commits/{HeadSha}/check-runs").RequestMessage.Query!["check_name"].Single(), Is.EqualTo("MLSecOps / data-check"));
        Assert.That(run.Out.Split('\n').Where(l => l.Contains(Token, StringComparison.Ordinal)), Is.EqualTo(new[] { "::add-mask::" + Token }));
    }

    [Test]
    public async Task DesignReview_PullRequestOnGitHub_ReadsTheTeamSignOffAndEditsTheStickyCommentThroughTheRestClient()
    {
        // Given a pull request that changes a model, approved on its head by dave, an active member of the approving team,
        // and an earlier sticky comment of the gate
        using var server = WireMockServer.Start();
        const string repoPath = "/repos/acme/fraud-model";
        var reviews = FixturePaths.Of("github/reviews/");
        Json(server, "GET", repoPath + "/pulls/42/reviews", 200, File.ReadAllText(reviews + "team_approval.json"));
        Json(server, "GET", repoPath + "/pulls/42/files", 200, File.ReadAllText(reviews + "files.json"));
        Json(server, "GET", "/orgs/acme/teams/ml-security/memberships/dave", 200, File.ReadAllText(reviews + "team_membership_active.json"));
        Json(server, "GET", repoPath + "/issues/42/comments", 200, """[{"id":11,"body":"<!-- mlsecops:design-review -->\nold table","user":{"login":"github-actions[bot]"}}]""");
        Json(server, "PATCH", repoPath + "/issues/comments/11", 200, """{"id":11,"body":"new"}""");
        using var workspace = new TempDirectory();
        workspace.Copy(FixturePaths.Of("github/pull_request_event.json"), "_runner/event.json");
        Directory.CreateDirectory(Path.Combine(workspace.Path, "models/fraud"));
        File.WriteAllBytes(Path.Combine(workspace.Path, "models/fraud/model.safetensors"), [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}', 32, 32, 32, 32, 32, 32]);
        File.WriteAllText(Path.Combine(workspace.Path, ".mlsecops.yml"), "version: 1\ngates:\n  design-review:\n    approvers: [\"@acme/ml-security\"]\n");
        var environment = PullRequestRunner.Environment(workspace.Path, server.Url!, Token);
        environment["INPUT_CHECK-RUN"] = "false";
        environment["INPUT_PR-COMMENT"] = "true";

        // When
        var run = await CliProcess.RunAsync(workspace.Path, environment, "design-review", ".", "--json", "report.json");

        // Then the sign-off was read through the reviews, files and team APIs and holds, and the sticky comment was edited in place
        Assert.That(run.ExitCode, Is.AnyOf(0, 1), run.Out + run.Error);
        Assert.That(run.Out.Split('\n').Where(l => l.StartsWith("::warning", StringComparison.Ordinal)), Is.Empty, run.Out);
        using var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(workspace.Path, "report.json")));
        var ruleIds = report.RootElement.GetProperty("gates").EnumerateArray().SelectMany(g => g.GetProperty("findings").EnumerateArray())
            .Select(f => f.GetProperty("ruleId").GetString()).ToList();
        Assert.That(ruleIds, Has.None.StartsWith("DES03"), string.Join(", ", ruleIds));
        Assert.That(Entries(server, "GET", "/orgs/acme/teams/ml-security/memberships/dave"), Has.Count.EqualTo(1));
        Assert.That(Body(server, "PATCH", repoPath + "/issues/comments/11").GetProperty("body").GetString(), Does.StartWith("<!-- mlsecops:design-review -->\n"));
        Assert.That(Entries(server, "POST", repoPath + "/issues/42/comments"), Is.Empty);
    }

    [Test]
    public async Task DataCheck_PullRequestOnAzureDevOps_PostsTheStatusAndKeepsTheThreadsThroughTheRestClient()
    {
        // Given a loopback Azure DevOps with one open thread of ours whose finding is gone, and one reviewer's thread
        using var server = WireMockServer.Start();
        const string pr = "/contoso/ml/_apis/git/repositories/repo-1/pullRequests/42";
        Json(server, "GET", pr + "/iterations", 200, """{"count":2,"value":[{"id":1},{"id":2,"sourceRefCommit":{"commitId":"abc"}}]}""");
        Json(server, "POST", pr + "/statuses", 200, """{"id":1}""");
        Json(server, "GET", pr + "/threads", 200, """
            {"count":2,"value":[
              {"id":7,"status":"active","isDeleted":false,"properties":{"MLSecOps.Fingerprint":{"$type":"System.String","$value":"fp-gone"},"MLSecOps.Scope":{"$type":"System.String","$value":"data-check"}},"comments":[{"id":1,"content":"old"}]},
              {"id":8,"status":"active","isDeleted":false,"comments":[{"id":1,"content":"a reviewer's own thread"}]}]}
            """);
        Json(server, "POST", pr + "/threads", 200, """{"id":900}""");
        server.Given(Request.Create().WithPath(new RegexMatcher("^" + pr + "/threads/\\d+$")).UsingPatch())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("{}"));
        using var workspace = new TempDirectory();
        workspace.Copy(FixturePaths.Of("data-check/pii/email.fail.csv"), "data/email.csv");
        var temp = Directory.CreateDirectory(Path.Combine(workspace.Path, "_temp")).FullName;
        var environment = new Dictionary<string, string>
        {
            ["TF_BUILD"] = "true",
            ["BUILD_SOURCESDIRECTORY"] = workspace.Path,
            ["AGENT_TEMPDIRECTORY"] = temp,
            ["SYSTEM_COLLECTIONURI"] = server.Url + "/contoso/",
            ["SYSTEM_TEAMPROJECT"] = "ml",
            ["BUILD_REPOSITORY_ID"] = "repo-1",
            ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "42",
            ["SYSTEM_ACCESSTOKEN"] = "ado-token-123",
        };

        // When
        var run = await CliProcess.RunAsync(workspace.Path, environment, "data-check", ".", "--fail-on", "medium");

        // Then one failed status for the gate, one new thread on the finding's line, and our stale thread closed
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Out + run.Error);
        Assert.That(run.Out, Does.Not.Contain("##vso[task.logissue type=warning]Azure DevOps"));
        var status = JsonNode.Parse(Entries(server, "POST", pr + "/statuses").Single().RequestMessage.Body!)!;
        Assert.That((string?)status["state"], Is.EqualTo("failed"));
        Assert.That((string?)status["context"]!["name"], Is.EqualTo("data-check"));
        var thread = JsonNode.Parse(Entries(server, "POST", pr + "/threads").Single().RequestMessage.Body!)!;
        Assert.That((string?)thread["threadContext"]!["filePath"], Is.EqualTo("/data/email.csv"));
        Assert.That((string?)thread["comments"]![0]!["content"], Does.Contain("DAT010"));
        var closed = Entries(server, "PATCH", pr + "/threads/7").Single();
        Assert.That((string?)JsonNode.Parse(closed.RequestMessage.Body!)!["status"], Is.EqualTo("fixed"));
        Assert.That(Entries(server, "PATCH", pr + "/threads/8"), Is.Empty);
        Assert.That(run.Out + run.Error, Does.Not.Contain("ado-token-123"));
    }

    private static string[] ReportArguments(string output) =>
    [
        "scan", ".", "--platform", "none",
        "--sarif", Path.Combine(output, "report.sarif"),
        "--json", Path.Combine(output, "report.json"),
        "--bom", Path.Combine(output, "report.cdx.json"),
        "--compliance", Path.Combine(output, "compliance.md"),
        "--summary", Path.Combine(output, "summary.md"),
    ];

    // The JSON report records when the scan started and how long each gate took; nothing else in it may differ.
    private static string WithoutClock(string path)
    {
        var report = JsonNode.Parse(File.ReadAllText(path))!;
        Strip(report);
        return report.ToJsonString();

        static void Strip(JsonNode? node)
        {
            if (node is JsonObject json)
            {
                json.Remove("startedAt");
                json.Remove("durationMs");
                foreach (var (_, value) in json)
                {
                    Strip(value);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var item in array)
                {
                    Strip(item);
                }
            }
        }
    }

    private static void Json(WireMockServer server, string method, string path, int status, string body) =>
        server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body));

    private static List<WireMock.Logging.ILogEntry> Entries(WireMockServer server, string method, string path) =>
        server.LogEntries.Where(e => e.RequestMessage.Method == method && e.RequestMessage.Path == path).ToList();

    private static JsonElement Body(WireMockServer server, string method, string path) =>
        JsonDocument.Parse(Entries(server, method, path).Single().RequestMessage.Body!).RootElement.Clone();

    private static string Gunzip(byte[] bytes)
    {
        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(input);
        return reader.ReadToEnd();
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
