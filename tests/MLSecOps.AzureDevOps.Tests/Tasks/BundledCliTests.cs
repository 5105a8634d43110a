using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MLSecOps.TestKit;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>
/// The CLI each task carries as cli.tar.br: the runner checks it, unpacks it once and reuses the copy, and fails closed
/// on anything else; the per-gate tasks' smaller copies decide exactly as the umbrella task's full one does.
/// </summary>
[NonParallelizable]
public sealed class BundledCliTests
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
        server.Given(Request.Create().WithPath(PullRequestPath + "/reviewers").UsingGet()).RespondWith(Response.Create().WithBodyAsJson(new { value = Array.Empty<object>() }));
        agent.Write("s/README.md", "# a clean repository\n");
    }

    [TearDown]
    public void StopAgent()
    {
        pullRequest.Dispose();
    }

    [Test]
    public void Task_DamagedArchive_FailsClosedBeforeAnythingRuns()
    {
        // Given a task whose archive lost a byte in transit, and a dotnet that records whether it was started
        var task = CopyTask("MLSecOpsDeployAudit");
        var archive = Path.Combine(task, "cli.tar.br");
        var bytes = File.ReadAllBytes(archive);
        bytes[bytes.Length / 2] ^= 0x5a;
        File.WriteAllBytes(archive, bytes);
        var bin = FakeDotnet();

        // When it runs
        var run = Run(task, path: bin);

        // Then it fails naming the damaged archive, runs nothing and unpacks nothing
        Assert.That(run.Results, Has.Count.EqualTo(1));
        Assert.That(run.Results[0], Does.StartWith($"##vso[task.complete result=Failed;]MLSecOps Gates: the bundled CLI {archive} is damaged (SHA-256 ").And.EndWith("reinstall the extension or the task version."));
        Assert.That(run.Commands, Does.Contain("##vso[task.setvariable variable=decision;isOutput=true;issecret=false;]fail"));
        Assert.That(File.Exists(Path.Combine(agent.Path, "dotnet-started")), Is.False);
        Assert.That(UnpackedFolders(task).Concat(UnpackedFolders(Path.Combine(agent.Path, "_temp", "mlsecops-cli"))), Is.Empty);
    }

    [Test]
    public void Task_SecondRun_ReusesTheUnpackedCopyWithoutTheArchive()
    {
        // Given a task that ran once
        var task = CopyTask("MLSecOpsDeployAudit");
        var first = Run(task);
        Assert.That(first.Results, Is.EqualTo(new[] { "##vso[task.complete result=Succeeded;]MLSecOps Gates passed." }), first.Out + first.Error);
        var unpacked = UnpackedFolders(task).Single();
        Assert.That(first.Out, Does.Contain($"MLSecOps Gates: unpacked the CLI (").And.Contain($" into {unpacked}"));

        // When the archive is gone and the task runs again
        File.Delete(Path.Combine(task, "cli.tar.br"));
        var second = Run(task);

        // Then the second run used the first run's copy
        Assert.That(second.Results, Is.EqualTo(new[] { "##vso[task.complete result=Succeeded;]MLSecOps Gates passed." }), second.Out + second.Error);
        Assert.That(second.Out, Does.Contain($"MLSecOps Gates: using the CLI unpacked in {unpacked}").And.Not.Contain("unpacked the CLI ("));
    }

    [Test]
    public void Task_UnpackedCopyLostAFile_UnpacksAgain()
    {
        // Given a task that ran once, after which an assembly of its copy was deleted
        var task = CopyTask("MLSecOpsDeployAudit");
        Assert.That(Run(task).Results, Is.EqualTo(new[] { "##vso[task.complete result=Succeeded;]MLSecOps Gates passed." }));
        var unpacked = UnpackedFolders(task).Single();
        File.Delete(Path.Combine(unpacked, "YamlDotNet.dll"));

        // When it runs again
        var run = Run(task);

        // Then it unpacked a whole copy again instead of running a broken one
        Assert.That(run.Results, Is.EqualTo(new[] { "##vso[task.complete result=Succeeded;]MLSecOps Gates passed." }), run.Out + run.Error);
        Assert.That(run.Out, Does.Contain($"MLSecOps Gates: unpacked the CLI ("));
        Assert.That(File.Exists(Path.Combine(unpacked, "YamlDotNet.dll")), Is.True);
    }

    [TestCase("../escaped.dll")]
    [TestCase("/tmp/escaped.dll")]
    [TestCase("sub/escaped.dll")]
    public void Task_ArchiveEntryWithAPath_IsRefusedAndNothingIsWritten(string name)
    {
        // Given an archive whose digest matches its description but which names a file outside its folder
        var task = CopyTask("MLSecOpsDeployAudit");
        ReplaceArchive(task, [("mlsecops.dll", [1, 2, 3]), (name, [4, 5, 6])]);

        // When the task runs
        var run = Run(task, path: FakeDotnet());

        // Then it fails closed naming the entry, and wrote nothing
        Assert.That(run.Results, Has.Count.EqualTo(1));
        Assert.That(run.Results[0], Does.StartWith("##vso[task.complete result=Failed;]MLSecOps Gates: the bundled CLI ").And.Contain($"is not a valid archive (unsafe entry name \"{name}\")"));
        Assert.That(Directory.EnumerateFiles(agent.Path, "escaped.dll", SearchOption.AllDirectories), Is.Empty);
        Assert.That(File.Exists("/tmp/escaped.dll"), Is.False);
        Assert.That(UnpackedFolders(task), Is.Empty);
        Assert.That(File.Exists(Path.Combine(agent.Path, "dotnet-started")), Is.False);
    }

    [Test]
    public void Task_ArchiveLargerThanDescribed_StopsDecompressingAtTheDescribedSize()
    {
        // Given a task whose description promises one byte less than the archive unpacks to
        var task = CopyTask("MLSecOpsDeployAudit");
        var own = JsonNode.Parse(File.ReadAllText(Path.Combine(task, "mlsecops-task.json")))!;
        own["cli"]!["bytes"] = (long)own["cli"]!["bytes"]! - 1;
        File.WriteAllText(Path.Combine(task, "mlsecops-task.json"), own.ToJsonString());

        var run = Run(task, path: FakeDotnet());

        Assert.That(run.Results, Has.Count.EqualTo(1));
        Assert.That(run.Results[0], Does.StartWith("##vso[task.complete result=Failed;]MLSecOps Gates: the bundled CLI ").And.Contain("does not decompress within"));
        Assert.That(UnpackedFolders(task), Is.Empty);
    }

    [TestCase("MLSecOpsDesignReview", "design-review")]
    [TestCase("MLSecOpsDataCheck", "data-check")]
    [TestCase("MLSecOpsModelScan", "model-scan")]
    [TestCase("MLSecOpsDeployAudit", "deploy-audit")]
    public void PerGateTask_ExampleRepository_DecidesAsTheUmbrellaTaskWithTheFullCliDoes(string task, string gate)
    {
        // Given the example repository, whose policy configures every gate (so every gate is built to validate it)
        File.Delete(Path.Combine(agent.Path, "s", "README.md"));
        TaskAgent.CopyDirectory(Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo"), Path.Combine(agent.Path, "s"));

        // When the per-gate task and the umbrella task for that gate run
        var own = Run(StagedExtension.Instance.Task(task));
        var umbrella = Run(StagedExtension.Instance.Task("MLSecOpsScan"), new() { ["INPUT_GATE"] = gate });

        // Then they decide alike: the same result, decision and blocking count
        Assert.That(own.Results, Has.Count.EqualTo(1).And.EqualTo(umbrella.Results), own.Out + own.Error);
        Assert.That(own.Results[0], Does.StartWith("##vso[task.complete result=Failed;]MLSecOps Gates blocked: "));
        Assert.That(Variables(own), Is.EqualTo(Variables(umbrella)));
    }

    [TestCase("MLSecOpsModelScan", "gates:\n  data-check:\n    max-bytez: 10\n")]
    [TestCase("MLSecOpsDesignReview", "gates:\n  data-check:\n    max-bytes: lots\n")]
    [TestCase("MLSecOpsDeployAudit", "waivers:\n  - rule: DAT999\n    reason: r\n    expires: 2030-01-01\n")]
    [TestCase("MLSecOpsDataCheck", "rules:\n  MOD001:\n    severity: low\n")]
    public void PerGateTask_PolicyNamingAnotherGate_IsJudgedAsTheUmbrellaTaskJudgesIt(string task, string policy)
    {
        // Given a policy whose sections and rule ids belong to a gate whose libraries the task does not carry
        agent.Write("s/.mlsecops.yml", "version: 1\n" + policy);
        var gate = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(StagedExtension.Instance.Task(task), "mlsecops-task.json")))!["gate"]!;

        // When the per-gate task and the umbrella task for that gate run
        var own = Run(StagedExtension.Instance.Task(task));
        var umbrella = Run(StagedExtension.Instance.Task("MLSecOpsScan"), new() { ["INPUT_GATE"] = gate });

        // Then the result is the same: the same one-line policy error, or the same pass
        Assert.That(own.Results, Has.Count.EqualTo(1).And.EqualTo(umbrella.Results), own.Out + own.Error);
        Assert.That(own.Results[0], Does.Not.Contain("crashed"));
    }

    private static IEnumerable<string> Variables(TaskRun run) =>
        run.Commands.Where(c => c.StartsWith("##vso[task.setvariable variable=decision;", StringComparison.Ordinal) || c.StartsWith("##vso[task.setvariable variable=blocking;", StringComparison.Ordinal) || c.StartsWith("##vso[task.setvariable variable=findings;", StringComparison.Ordinal));

    private static IEnumerable<string> UnpackedFolders(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateDirectories(folder, "cli-*") : [];

    private TaskRun Run(string taskFolder, Dictionary<string, string>? inputs = null, string? path = null) =>
        TaskAgent.Run(taskFolder, agent.Path, server.Urls[0], Token, inputs ?? new() { ["INPUT_PATH"] = "." }, path, withDotnet: path is null);

    /// <summary>Copies a staged task's own files (not a copy unpacked by another test) into the agent folder.</summary>
    private string CopyTask(string task)
    {
        var copy = Directory.CreateDirectory(Path.Combine(agent.Path, "tasks", task)).FullName;
        foreach (var file in Directory.EnumerateFiles(StagedExtension.Instance.Staged(task)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }

    /// <summary>Puts a dotnet on PATH that only notes it was started.</summary>
    private string FakeDotnet()
    {
        var bin = Directory.CreateDirectory(Path.Combine(agent.Path, "fake-bin")).FullName;
        var fake = Path.Combine(bin, "dotnet");
        File.WriteAllText(fake, $"#!/bin/sh\ntouch '{agent.Path}/dotnet-started'\nexit 0\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return bin;
    }

    /// <summary>Writes an archive of the given entries as build-extension.mjs would (ustar, brotli) and describes it in mlsecops-task.json.</summary>
    private static void ReplaceArchive(string task, IEnumerable<(string Name, byte[] Data)> entries)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        using var compressed = new MemoryStream();
        using (var brotli = new BrotliStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            brotli.Write(tar.ToArray());
        }

        File.WriteAllBytes(Path.Combine(task, "cli.tar.br"), compressed.ToArray());
        var ownFile = Path.Combine(task, "mlsecops-task.json");
        var own = JsonNode.Parse(File.ReadAllText(ownFile))!;
        own["cli"] = new JsonObject
        {
            ["archive"] = "cli.tar.br",
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(compressed.ToArray())),
            ["bytes"] = tar.Length,
            ["files"] = entries.Count(),
        };
        File.WriteAllText(ownFile, own.ToJsonString());
    }
}
