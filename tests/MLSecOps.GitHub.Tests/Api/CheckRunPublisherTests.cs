using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.GitHub.Api;

namespace MLSecOps.GitHub.Tests.Api;

public sealed class CheckRunPublisherTests
{
    [Test]
    public async Task PublishAsync_120Findings_CreatesOnHeadShaThenAppendsInBatchesOf50()
    {
        using var github = new FakeGitHub();
        github.Json("GET", "/commits/" + Some.HeadSha + "/check-runs", 200, new { total_count = 0, check_runs = Array.Empty<object>() });
        github.Json("POST", "/check-runs", 201, CheckRun(77, "MLSecOps / model-scan"));
        github.Json("PATCH", "/check-runs/77", 200, CheckRun(77, "MLSecOps / model-scan"));
        var findings = Enumerable.Range(1, 120).Select(i => Some.Finding("MOD001", Severity.High, $"models/m{i:000}.pkl", i)).ToArray();
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Some.Report(Some.Gate("model-scan", findings)), CancellationToken.None);

        var list = github.Requests("GET", "/commits/" + Some.HeadSha + "/check-runs").Single();
        Assert.That(list.RequestMessage.Query!["check_name"].Single(), Is.EqualTo("MLSecOps / model-scan"));
        using var create = JsonDocument.Parse(github.Requests("POST", "/check-runs").Single().RequestMessage.Body!);
        Assert.Multiple(() =>
        {
            Assert.That(create.RootElement.GetProperty("head_sha").GetString(), Is.EqualTo(Some.HeadSha));
            Assert.That(create.RootElement.GetProperty("name").GetString(), Is.EqualTo("MLSecOps / model-scan"));
            Assert.That(create.RootElement.GetProperty("conclusion").GetString(), Is.EqualTo("failure"));
            Assert.That(create.RootElement.GetProperty("output").GetProperty("title").GetString(), Is.EqualTo("model-scan: blocked by 120 finding(s)"));
        });
        var annotations = create.RootElement.GetProperty("output").GetProperty("annotations");
        Assert.That(annotations.GetArrayLength(), Is.EqualTo(50));
        Assert.That(annotations[0].GetProperty("path").GetString(), Is.EqualTo("models/m001.pkl"));
        Assert.That(annotations[0].GetProperty("annotation_level").GetString(), Is.EqualTo("failure"));
        Assert.That(annotations[0].GetProperty("title").GetString(), Is.EqualTo("MOD001: Title of MOD001"));
        var patches = github.Requests("PATCH", "/check-runs/77").Select(p => JsonDocument.Parse(p.RequestMessage.Body!).RootElement.GetProperty("output").GetProperty("annotations").GetArrayLength());
        Assert.That(patches, Is.EqualTo(new[] { 50, 20 }));
        Assert.That(stdout.ToString(), Is.Empty);
    }

    [Test]
    public async Task PublishAsync_CheckRunExists_UpdatesItAndSendsOnlyNewAnnotations()
    {
        using var github = new FakeGitHub();
        github.Json("GET", "/commits/" + Some.HeadSha + "/check-runs", 200, new { total_count = 1, check_runs = new[] { CheckRun(55, "MLSecOps / model-scan") } });
        github.Json("GET", "/check-runs/55/annotations", 200, new[]
        {
            new { path = "models/a.pkl", start_line = 1, end_line = 1, annotation_level = "failure", title = "MOD001: Title of MOD001", message = "MOD001 found in models/a.pkl", blob_href = "b" },
        });
        github.Json("PATCH", "/check-runs/55", 200, CheckRun(55, "MLSecOps / model-scan"));
        var report = Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.High), Some.Finding("MOD002", Severity.Medium, "models/b.pkl", blocking: false)));

        await Publisher(github, github.Environment(), TextWriter.Null).PublishAsync(report, CancellationToken.None);

        Assert.That(github.Requests("POST", "/check-runs"), Is.Empty);
        using var patch = JsonDocument.Parse(github.Requests("PATCH", "/check-runs/55").Single().RequestMessage.Body!);
        var annotations = patch.RootElement.GetProperty("output").GetProperty("annotations");
        Assert.That(annotations.GetArrayLength(), Is.EqualTo(1));
        Assert.That(annotations[0].GetProperty("path").GetString(), Is.EqualTo("models/b.pkl"));
        Assert.That(annotations[0].GetProperty("annotation_level").GetString(), Is.EqualTo("warning"));
    }

    [Test]
    public async Task PublishAsync_ReadOnlyToken_SkipsWithANotice()
    {
        using var github = new FakeGitHub();
        github.Json("GET", "/commits/" + Some.HeadSha + "/check-runs", 200, new { total_count = 0, check_runs = Array.Empty<object>() });
        github.Json("POST", "/check-runs", 403, new { message = "Resource not accessible by integration" });
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Some.Report(Some.Gate("model-scan"), Some.Gate("data-check")), CancellationToken.None);

        Assert.That(stdout.ToString(), Is.EqualTo("::notice title=MLSecOps::Check runs skipped: HTTP 403: Resource not accessible by integration. The job needs 'permissions: checks: write'.\n"));
        Assert.That(github.Requests("POST", "/check-runs"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task PublishAsync_SecondaryRateLimit_WaitsAndRetries()
    {
        using var github = new FakeGitHub();
        github.Json("GET", "/commits/" + Some.HeadSha + "/check-runs", 200, new { total_count = 0, check_runs = Array.Empty<object>() });
        github.Server.Given(github.Request("POST", "/check-runs")).InScenario("secondary").WillSetStateTo("calm")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(403).WithHeader("Content-Type", "application/json")
                .WithBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\"}"));
        github.Server.Given(github.Request("POST", "/check-runs")).InScenario("secondary").WhenStateIs("calm")
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody(JsonSerializer.Serialize(CheckRun(78, "MLSecOps / model-scan"))));
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.High))), CancellationToken.None);

        Assert.That(github.Requests("POST", "/check-runs"), Has.Count.EqualTo(2));
        Assert.That(stdout.ToString(), Is.Empty);
    }

    [Test]
    public void Conclusion_PassingWithOpenFindings_IsNeutral()
    {
        Assert.Multiple(() =>
        {
            Assert.That(CheckRunPublisher.Conclusion(Some.Gate("g", Some.Finding("MOD002", Severity.Low, blocking: false))), Is.EqualTo(Octokit.CheckConclusion.Neutral));
            Assert.That(CheckRunPublisher.Conclusion(Some.Gate("g", Some.Finding("MOD002", Severity.Low, suppressed: true))), Is.EqualTo(Octokit.CheckConclusion.Success));
            Assert.That(CheckRunPublisher.Conclusion(Some.Gate("g", Some.Finding("MOD001", Severity.Critical))), Is.EqualTo(Octokit.CheckConclusion.Failure));
        });
    }

    [Test]
    public void Annotation_MultiLineRegion_DropsColumns()
    {
        var finding = Some.Finding("DEP001", Severity.Medium).Finding with { Location = new Location("deploy/k8s.yml", 3, 5, 7, 9) };

        var annotation = CheckRunPublisher.Annotation(finding);

        Assert.That((annotation.StartLine, annotation.EndLine, annotation.StartColumn, annotation.EndColumn), Is.EqualTo((3, 7, (int?)null, (int?)null)));
    }

    private static CheckRunPublisher Publisher(FakeGitHub github, GitHubEnvironment environment, TextWriter stdout) =>
        new(github.Api(environment), environment, 1000, stdout, TimeProvider.System);

    private static object CheckRun(long id, string name) => new { id, name, head_sha = Some.HeadSha, status = "completed", conclusion = "failure" };
}
