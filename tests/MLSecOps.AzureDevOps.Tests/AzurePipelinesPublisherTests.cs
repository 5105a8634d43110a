using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.AzureDevOps.Tests;

public sealed class AzurePipelinesPublisherTests
{
    private static readonly RuleDescriptor Critical = Some.Rule("MOD001", Severity.Critical);
    private static readonly RuleDescriptor Medium = Some.Rule("DEP002", Severity.Medium);
    private static readonly RuleDescriptor Info = Some.Rule("DAT002", Severity.Info);

    [Test]
    public async Task PublishAsync_FailingReport_WritesIssuesSummaryArtifactVariablesAndFailed()
    {
        using var temp = new TempDirectory();
        var sarif = temp.Write("out/mlsecops.sarif", "{}");
        var options = new AzurePipelinesOptions { SummaryPath = Path.Combine(temp.Path, "agent", "summary.md"), SarifPath = sarif };
        var report = Some.Report(Some.Gate(findings:
        [
            Some.Evaluated(Some.Finding(Critical, "models/a.pkl", 1, "Pickle imports os.system.", column: 3)),
            Some.Evaluated(Some.Finding(Medium, "k8s/deploy.yaml", 14, "Container runs as root.", gate: "deploy-audit")),
            Some.Evaluated(Some.Finding(Info, "data/d.csv", 1, "No data card.")),
            Some.Evaluated(Some.Finding(Critical, "models/old.pkl"), suppression: new Suppression(SuppressionKind.External, "Legacy.", "waiver")),
        ]));

        var lines = await PublishAsync(report, options);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "##vso[task.logissue type=error;sourcepath=models/a.pkl;linenumber=1;columnnumber=3;code=MOD001;]MOD001 Pickle imports os.system.",
            "##vso[task.logissue type=warning;sourcepath=k8s/deploy.yaml;linenumber=14;code=DEP002;]DEP002 Container runs as root.",
            $"##vso[task.uploadsummary]{options.SummaryPath}",
            $"##vso[artifact.upload containerfolder=CodeAnalysisLogs;artifactname=CodeAnalysisLogs;]{Path.Combine(temp.Path, "agent", "mlsecops.sarif")}",
            "##vso[task.setvariable variable=decision;isoutput=true;]fail",
            "##vso[task.setvariable variable=findings;isoutput=true;]3",
            "##vso[task.setvariable variable=blocking;isoutput=true;]1",
            "##vso[task.complete result=Failed;]MLSecOps Gates: fail, 1 blocking of 3 findings (fail-on high).",
        }));
        Assert.That(await File.ReadAllTextAsync(options.SummaryPath), Does.StartWith("## MLSecOps Gates: FAIL\n").And.Contain("models/old.pkl:1 | waiver | Legacy."));
    }

    [Test]
    public async Task PublishAsync_TwoJobsOfOneRun_AddDistinctFilesToTheOneCodeAnalysisLogsArtifact()
    {
        // Given two jobs (per-gate jobs or shards) of one run, each writing its SARIF to the same relative path
        using var temp = new TempDirectory();
        var uploads = new List<AgentCommand>();
        foreach (var (job, scope) in new[] { ("11111111-aaaa", "model-scan-1of2"), ("22222222-bbbb", "model-scan-2of2") })
        {
            var sarif = temp.Write($"{job}/s/mlsecops.sarif", $"{{\"job\":\"{job}\"}}");
            var environment = AzurePipelinesEnvironment.FromVariables(new Dictionary<string, string?> { ["AGENT_TEMPDIRECTORY"] = Path.Combine(temp.Path, job, "_temp"), ["SYSTEM_JOBID"] = job });

            // When each publishes
            var lines = await PublishAsync(Some.Report(Some.Gate(findings: [])), AzurePipelinesOptions.For(environment, temp.Path, sarif, scope));
            uploads.AddRange(lines.Select(AgentCommand.TryParse).Where(c => c is { Area: "artifact" })!);
        }

        // Then both upload into CodeAnalysisLogs/ of the CodeAnalysisLogs artifact under different names, with their own content
        Assert.That(uploads.Select(u => (u.Properties["artifactname"], u.Properties["containerfolder"])).Distinct(), Is.EqualTo(new[] { ("CodeAnalysisLogs", "CodeAnalysisLogs") }));
        Assert.That(uploads.Select(u => Path.GetFileName(u.Data)), Is.EqualTo(new[] { "mlsecops-model-scan-1of2-11111111.sarif", "mlsecops-model-scan-2of2-22222222.sarif" }));
        Assert.That(File.ReadAllText(uploads[1].Data), Does.Contain("22222222-bbbb"));
    }

    [Test]
    public async Task PublishAsync_AnnotationsAndPublishSarifOff_WritesNoIssuesAndNoArtifact()
    {
        using var temp = new TempDirectory();
        var sarif = temp.Write("mlsecops.sarif", "{}");
        var options = new AzurePipelinesOptions { SummaryPath = Path.Combine(temp.Path, "s.md"), SarifPath = sarif, Annotations = false, PublishSarif = false };

        var lines = await PublishAsync(Some.Report(Some.Gate(findings: [Some.Evaluated(Some.Finding(Critical))])), options);

        Assert.That(lines.Select(AgentCommand.TryParse).Where(c => c is { Event: "logissue" } or { Area: "artifact" }), Is.Empty);
        Assert.That(lines, Does.Contain("##vso[task.setvariable variable=blocking;isoutput=true;]1"));
    }

    [Test]
    public async Task PublishAsync_NoSarifFile_UploadsNoArtifact()
    {
        using var temp = new TempDirectory();
        var options = new AzurePipelinesOptions { SummaryPath = Path.Combine(temp.Path, "s.md"), SarifPath = Path.Combine(temp.Path, "missing.sarif") };

        var lines = await PublishAsync(Some.Report(Some.Gate(findings: [])), options);

        Assert.That(lines.Where(l => l.StartsWith("##vso[artifact.", StringComparison.Ordinal)), Is.Empty);
    }

    [Test]
    public async Task PublishAsync_ManyFindings_CapsErrorsAndWarningsAndSaysHowManyMore()
    {
        using var temp = new TempDirectory();
        var findings = Enumerable.Range(0, 15).Select(i => Some.Evaluated(Some.Finding(Critical, $"models/c{i:D2}.pkl")))
            .Concat(Enumerable.Range(0, 12).Select(i => Some.Evaluated(Some.Finding(Medium, $"k8s/m{i:D2}.yaml"))));
        var options = new AzurePipelinesOptions { SummaryPath = Path.Combine(temp.Path, "s.md") };

        var lines = await PublishAsync(Some.Report(Some.Gate(findings: findings)), options);

        var issues = lines.Select(AgentCommand.TryParse).Where(c => c is { Event: "logissue" }).ToList();
        Assert.That(issues.Count(c => c!.Properties["type"] == "error"), Is.EqualTo(10));
        Assert.That(issues.Count(c => c!.Properties["type"] == "warning"), Is.EqualTo(10));
        Assert.That(issues[0]!.Properties["sourcepath"], Is.EqualTo("models/c00.pkl"));
        Assert.That(lines, Does.Contain("MLSecOps Gates: 7 more findings are not shown as issues (the agent keeps about 10 errors and 10 warnings); see the MLSecOps summary on the run page and the CodeAnalysisLogs artifact for all of them."));
    }

    [TestCase(Severity.Medium, "SucceededWithIssues")]
    [TestCase(null, "Succeeded")]
    public async Task PublishAsync_Passing_CompletesWithResult(Severity? severity, string result)
    {
        using var temp = new TempDirectory();
        var findings = severity is { } s ? new[] { Some.Evaluated(Some.Finding(Medium, severity: s)) } : [];
        var options = new AzurePipelinesOptions { SummaryPath = Path.Combine(temp.Path, "s.md") };

        var lines = await PublishAsync(Some.Report(Some.Gate(findings: findings)), options);

        Assert.That(AgentCommand.TryParse(lines[^1])!.Properties["result"], Is.EqualTo(result));
    }

    [Test]
    public async Task PublishAsync_CompleteTaskOff_EndsWithVariables()
    {
        using var temp = new TempDirectory();
        var options = new AzurePipelinesOptions { SummaryPath = Path.Combine(temp.Path, "s.md"), CompleteTask = false };

        var lines = await PublishAsync(Some.Report(Some.Gate(findings: [])), options);

        Assert.That(lines[^1], Is.EqualTo("##vso[task.setvariable variable=blocking;isoutput=true;]0"));
    }

    [Test]
    public async Task PublishAsync_HostileFileNameAndMessage_CannotInjectCommands()
    {
        const string hostile = "a;b]%0A##vso[task.complete result=Succeeded]x.pkl";
        using var temp = new TempDirectory();
        var finding = Some.Finding(Critical, hostile, 1, $"Found in {hostile}\n##vso[task.setvariable variable=decision]pass");
        var options = new AzurePipelinesOptions { SummaryPath = Path.Combine(temp.Path, "s.md") };

        var lines = await PublishAsync(Some.Report(Some.Gate(findings: [Some.Evaluated(finding)])), options);

        var commands = lines.Select(AgentCommand.TryParse).ToList();
        Assert.That(commands, Has.All.Not.Null, "every line is exactly one of our commands");
        Assert.That(commands.Select(c => $"{c!.Area}.{c.Event}"), Is.EqualTo(new[] { "task.logissue", "task.uploadsummary", "task.setvariable", "task.setvariable", "task.setvariable", "task.complete" }));
        Assert.That(commands[0]!.Properties["sourcepath"], Is.EqualTo(hostile));
        Assert.That(commands[0]!.Data, Is.EqualTo($"MOD001 Found in {hostile}\n##vso[task.setvariable variable=decision]pass"));
        Assert.That(commands[2]!.Data, Is.EqualTo("fail"));
        Assert.That(commands[^1]!.Properties["result"], Is.EqualTo("Failed"));
    }

    [Test]
    public void IssueTypeOf_BlockingLowFinding_IsError()
    {
        var low = Some.Rule("DEP003", Severity.Low);

        Assert.That(AzurePipelinesPublisher.IssueTypeOf(Some.Evaluated(Some.Finding(low), failOn: Severity.Low)), Is.EqualTo(IssueType.Error));
        Assert.That(AzurePipelinesPublisher.IssueTypeOf(Some.Evaluated(Some.Finding(low), failOn: Severity.High)), Is.EqualTo(IssueType.Warning));
        Assert.That(AzurePipelinesPublisher.IssueTypeOf(Some.Evaluated(Some.Finding(Info), failOn: null)), Is.Null);
    }

    [Test]
    public void Create_Options_ReturnsTheLoggingPublisher()
    {
        var publishers = AzurePipelinesPublishers.Create(new AzurePipelinesOptions { SummaryPath = "/tmp/s.md" }, TextWriter.Null);

        Assert.That(publishers.Select(p => p.Name), Is.EqualTo(new[] { "azure-pipelines" }));
    }

    [Test]
    public void AddAzurePipelinesPublishers_NoPullRequest_AddsOnlyLoggingPublisher()
    {
        var publishers = new List<IFindingPublisher>();
        using var http = new HttpClient();

        publishers.AddAzurePipelinesPublishers(new AzurePipelinesOptions { SummaryPath = "/tmp/s.md" }, TextWriter.Null, AzurePipelinesEnvironment.FromVariables(new Dictionary<string, string?>()), http);

        Assert.That(publishers.Select(p => (p.Name, p.IsRequired)), Is.EqualTo(new[] { ("azure-pipelines", true) }));
    }

    private static async Task<string[]> PublishAsync(ScanReport report, AzurePipelinesOptions options)
    {
        using var writer = new StringWriter();
        await new AzurePipelinesPublisher(options, writer).PublishAsync(report, CancellationToken.None);
        return writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
