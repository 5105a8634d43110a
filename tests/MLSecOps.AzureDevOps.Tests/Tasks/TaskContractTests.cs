using System.Text.Json.Nodes;
using MLSecOps.TestKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>Runs the compiled runner under Node as the agent does (INPUT_*, SYSTEM_*, BUILD_*, AGENT_TEMPDIRECTORY,
/// TF_BUILD, the SystemVssConnection token) against the real CLI build, and reads its logging commands.</summary>
[NonParallelizable]
public sealed class TaskContractTests
{
    private const string Token = PullRequestAgent.Token;
    private const string PullRequestPath = PullRequestAgent.PullRequestPath;

    private PullRequestAgent pullRequest = null!;

    private WireMockServer server => pullRequest.Server;

    private TempDirectory agent => pullRequest.Folder;

    [SetUp]
    public void StartAgent()
    {
        pullRequest = new PullRequestAgent();
    }

    [TearDown]
    public void StopAgent()
    {
        pullRequest.Dispose();
    }

    [Test]
    public void ModelScanTask_CleanRepository_SucceedsWithOutputVariablesAndAPassingStatus()
    {
        // Given a repository without model problems
        agent.Write("s/README.md", "# a clean repository\n");

        // When the model-scan task runs on a pull-request build
        var run = RunTask("MLSecOpsModelScan", new() { ["INPUT_PATH"] = "." });

        // Then the task succeeds, the CLI set the output variables and left the result to the task
        Assert.That(run.ExitCode, Is.Zero, run.Out + run.Error);
        Assert.That(run.Commands, Does.Contain("##vso[task.setvariable variable=decision;isoutput=true;]pass"));
        Assert.That(run.Commands, Does.Contain("##vso[task.setvariable variable=blocking;isoutput=true;]0"));
        Assert.That(run.Commands, Does.Contain($"##vso[task.setvariable variable=sarifFile;isOutput=true;issecret=false;]{Path.Combine(agent.Path, "_temp", "mlsecops", "mlsecops-model-scan.sarif")}"));
        Assert.That(run.Results, Is.EqualTo(new[] { "##vso[task.complete result=Succeeded;]MLSecOps Gates passed." }));
        Assert.That(File.Exists(Path.Combine(agent.Path, "_temp", "mlsecops", "mlsecops-model-scan.sarif")), Is.True);

        // And the status reached the API with the job token, which never appears in the log
        var status = server.LogEntries.Single(e => e.RequestMessage.AbsolutePath.EndsWith("/statuses", StringComparison.Ordinal)).RequestMessage;
        Assert.That(status.Headers!["Authorization"].Single(), Is.EqualTo("Bearer " + Token));
        Assert.That(((string?)JsonNode.Parse(status.Body!)!["context"]!["name"], (string?)JsonNode.Parse(status.Body!)!["state"]), Is.EqualTo(("model-scan", "succeeded")));
        Assert.That(run.Out + run.Error, Does.Not.Contain(Token));
    }

    [Test]
    public void ScanTask_ExampleRepositoryWithPlantedProblems_FailsWithTheBlockingCount()
    {
        // Given the example ML repository with its planted problems
        TaskAgent.CopyDirectory(Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo"), Path.Combine(agent.Path, "s"));

        // When the umbrella task runs every gate
        var run = RunTask("MLSecOpsScan", new() { ["INPUT_GATE"] = "all", ["INPUT_PATH"] = "." });

        // Then the task fails with the CLI's blocking count, after issues, the summary and the Scans tab artifact
        var blocking = run.Commands.Single(c => c.StartsWith("##vso[task.setvariable variable=blocking;", StringComparison.Ordinal)).Split(']')[1];
        Assert.That(int.Parse(blocking, System.Globalization.CultureInfo.InvariantCulture), Is.Positive);
        Assert.That(run.ExitCode, Is.Zero, "the runner itself ends normally; the result is the task.complete command");
        Assert.That(run.Results, Is.EqualTo(new[] { $"##vso[task.complete result=Failed;]MLSecOps Gates blocked: {blocking} blocking findings. See the Scans tab and the MLSecOps summary." }));
        Assert.That(run.Commands, Does.Contain("##vso[task.setvariable variable=decision;isoutput=true;]fail"));
        Assert.That(run.Commands.Count(c => c.StartsWith("##vso[task.logissue type=error;", StringComparison.Ordinal)), Is.InRange(1, 10));
        Assert.That(run.Commands.Any(c => c.StartsWith("##vso[artifact.upload containerfolder=CodeAnalysisLogs;artifactname=CodeAnalysisLogs;]", StringComparison.Ordinal) && c.EndsWith("mlsecops-scan-7c1d2e3f.sarif", StringComparison.Ordinal)), Is.True, string.Join('\n', run.Commands));

        // And every enabled gate got its status on iteration 3, and blocking findings got threads
        var statuses = server.LogEntries.Where(e => e.RequestMessage.AbsolutePath.EndsWith("/statuses", StringComparison.Ordinal)).Select(e => JsonNode.Parse(e.RequestMessage.Body!)!).ToList();
        Assert.That(statuses.Select(s => (int?)s["iterationId"]).Distinct(), Is.EqualTo(new int?[] { 3 }));
        Assert.That(statuses.Select(s => (string?)s["context"]!["name"]), Does.Contain("model-scan").And.Contain("deploy-audit"));
        Assert.That(statuses.Where(s => (string?)s["context"]!["name"] == "model-scan").Select(s => (string?)s["state"]), Is.EqualTo(new[] { "failed" }));
        Assert.That(server.LogEntries.Count(e => e.RequestMessage.Method == "POST" && e.RequestMessage.AbsolutePath.EndsWith("/threads", StringComparison.Ordinal)), Is.InRange(2, 21));
    }

    [Test]
    public void ModelScanTask_MissingPolicyFile_FailsWithTheCliOneLineMessage()
    {
        var run = RunTask("MLSecOpsModelScan", new() { ["INPUT_PATH"] = ".", ["INPUT_POLICY"] = "missing-policy.yml" });

        Assert.That(run.Results, Has.Count.EqualTo(1));
        Assert.That(run.Results[0], Does.StartWith("##vso[task.complete result=Failed;]mlsecops: ").And.Contain("missing-policy.yml"));
        Assert.That(run.Commands, Does.Contain("##vso[task.setvariable variable=decision;isOutput=true;issecret=false;]fail"));
    }

    [Test]
    public void ModelScanTask_CliCrashes_FailsClosedAndPassedEveryInputExplicitly()
    {
        // Given a dotnet that records how it was started, then dies like a crashed process
        var bin = Directory.CreateDirectory(Path.Combine(agent.Path, "fake-bin")).FullName;
        var fake = Path.Combine(bin, "dotnet");
        File.WriteAllText(fake, $"#!/bin/sh\nprintf '%s\\n' \"$@\" > '{agent.Path}/args.txt'\n/usr/bin/env > '{agent.Path}/env.txt'\necho 'Segmentation fault' >&2\nexit 139\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        // When the task runs with inputs in INPUT_*
        var run = RunTask(
            "MLSecOpsModelScan",
            new()
            {
                ["INPUT_PATH"] = "models", ["INPUT_FAILON"] = "critical", ["INPUT_SHARD"] = "2/4", ["INPUT_PRTHREADS"] = "false",
                ["INPUT_PRTHREADLIMIT"] = "5", ["INPUT_BASELINE"] = "base.json",
            },
            path: bin);

        // Then the task fails closed and names the crash
        Assert.That(run.Results, Is.EqualTo(new[] { "##vso[task.complete result=Failed;]MLSecOps Gates: the scanner crashed (exit 139); failing closed. Segmentation fault" }));
        Assert.That(run.Commands, Does.Contain("##vso[task.setvariable variable=decision;isOutput=true;issecret=false;]fail"));

        // And the CLI got every input as an argument, the token only in its environment, and no INPUT_* variable
        var args = File.ReadAllLines(Path.Combine(agent.Path, "args.txt"));
        Assert.That(args[1..], Is.EqualTo(new[]
        {
            "model-scan", "models", "--policy", "", "--fail-on", "critical", "--baseline", "base.json", "--shard", "2/4",
            "--sarif", Path.Combine(agent.Path, "_temp", "mlsecops", "mlsecops-model-scan-2of4.sarif"),
            "--publish-sarif", "true", "--annotations", "true", "--pr-status", "true", "--pr-threads", "false", "--pr-thread-limit", "5",
            "--platform", "azure",
        }.Where(a => a.Length > 0 && a != "--policy")));
        Assert.That(Path.GetFileName(args[0]), Is.EqualTo("mlsecops.dll"));
        var env = File.ReadAllLines(Path.Combine(agent.Path, "env.txt"));
        Assert.That(env, Does.Contain("SYSTEM_ACCESSTOKEN=" + Token).And.Contain("TF_BUILD=True").And.Contain("MLSECOPS_AZURE_TASK=true"));
        Assert.That(env.Where(v => v.StartsWith("INPUT_", StringComparison.Ordinal) || v.StartsWith("ENDPOINT_AUTH_", StringComparison.Ordinal)), Is.Empty);
        Assert.That(args, Has.None.Contain(Token));
    }

    [Test]
    public void ModelScanTask_NoDotnetOnTheAgent_FailsNamingUseDotNet()
    {
        var empty = Directory.CreateDirectory(Path.Combine(agent.Path, "empty-bin")).FullName;

        var run = RunTask("MLSecOpsModelScan", new() { ["INPUT_PATH"] = "." }, path: empty, withDotnet: false);

        Assert.That(run.Results, Has.Count.EqualTo(1));
        Assert.That(run.Results[0], Does.StartWith("##vso[task.complete result=Failed;]dotnet was not found on the agent: add a UseDotNet@2 step"));
    }

    private TaskRun RunTask(string task, Dictionary<string, string> inputs, string? path = null, bool withDotnet = true) =>
        TaskAgent.Run(StagedExtension.Instance.Task(task), agent.Path, server.Urls[0], Token, inputs, path, withDotnet);
}
