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
    public async Task PublishAsync_CheckRunOnTheSecondPage_FollowsTheLinkHeaderAndUpdatesIt()
    {
        // Given a head commit with many check runs: ours is on page 2 of the list, and its annotations on page 2 of theirs
        using var github = new FakeGitHub();
        var list = "/commits/" + Some.HeadSha + "/check-runs";
        github.Server.Given(github.Request("GET", list).WithParam("page", "2")).AtPriority(1).RespondWith(JsonResponse(
            new { total_count = 2, check_runs = new[] { CheckRun(56, "MLSecOps / model-scan") } }));
        github.Server.Given(github.Request("GET", list)).AtPriority(5).RespondWith(JsonResponse(
            new { total_count = 2, check_runs = new[] { CheckRun(12, "other") } }).WithHeader("Link", $"<{github.Server.Url}{FakeGitHub.Repo}{list}?check_name=x&per_page=100&page=2>; rel=\"next\", <{github.Server.Url}{FakeGitHub.Repo}{list}?page=2>; rel=\"last\""));
        github.Server.Given(github.Request("GET", "/check-runs/56/annotations").WithParam("page", "2")).AtPriority(1).RespondWith(JsonResponse(new[]
        {
            new { path = "models/a.pkl", start_line = 1, end_line = 1, annotation_level = "failure", title = "MOD001: Title of MOD001", message = "MOD001 found in models/a.pkl" },
        }));
        github.Server.Given(github.Request("GET", "/check-runs/56/annotations")).AtPriority(5).RespondWith(JsonResponse(Array.Empty<object>())
            .WithHeader("Link", $"<{github.Server.Url}{FakeGitHub.Repo}/check-runs/56/annotations?per_page=100&page=2>; rel=\"next\""));
        github.Json("PATCH", "/check-runs/56", 200, CheckRun(56, "MLSecOps / model-scan"));
        var report = Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.High), Some.Finding("MOD001", Severity.High, "models/b.pkl")));

        // When
        await Publisher(github, github.Environment(), TextWriter.Null).PublishAsync(report, CancellationToken.None);

        // Then both pages of both lists were read, the run on page 2 was updated, and only the new annotation was sent
        Assert.That(github.Requests("GET", list), Has.Count.EqualTo(2));
        Assert.That(github.Requests("GET", "/check-runs/56/annotations"), Has.Count.EqualTo(2));
        Assert.That(github.Requests("POST", "/check-runs"), Is.Empty);
        using var patch = JsonDocument.Parse(github.Requests("PATCH", "/check-runs/56").Single().RequestMessage.Body!);
        var annotations = patch.RootElement.GetProperty("output").GetProperty("annotations");
        Assert.That(annotations.EnumerateArray().Select(a => a.GetProperty("path").GetString()), Is.EqualTo(new[] { "models/b.pkl" }));
    }

    [Test]
    public async Task PublishAsync_NextPageOnAnotherHost_WarnsAndNeverSendsTheTokenThere()
    {
        using var github = new FakeGitHub();
        using var elsewhere = new FakeGitHub();
        var list = "/commits/" + Some.HeadSha + "/check-runs";
        github.Server.Given(github.Request("GET", list)).RespondWith(JsonResponse(new { total_count = 0, check_runs = Array.Empty<object>() })
            .WithHeader("Link", $"<{elsewhere.Server.Url}{FakeGitHub.Repo}{list}?page=2>; rel=\"next\""));
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.High))), CancellationToken.None);

        Assert.That(elsewhere.Server.LogEntries, Is.Empty);
        Assert.That(github.Requests("POST", "/check-runs"), Is.Empty);
        Assert.That(stdout.ToString(), Does.StartWith("::warning title=MLSecOps::Check run MLSecOps / model-scan not published: HTTP 200: GitHub's next-page link points away from the API address."));
    }

    [Test]
    public async Task PublishAsync_AnswerIsNotJson_WarnsAndKeepsTheDecision()
    {
        using var github = new FakeGitHub();
        github.Server.Given(github.Request("GET", "/commits/" + Some.HeadSha + "/check-runs"))
            .RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "text/html").WithBody("<html>proxy login</html>"));
        using var stdout = new StringWriter();

        await Publisher(github, github.Environment(), stdout).PublishAsync(Some.Report(Some.Gate("model-scan", Some.Finding("MOD001", Severity.High))), CancellationToken.None);

        Assert.That(stdout.ToString(), Does.StartWith("::warning title=MLSecOps::Check run MLSecOps / model-scan not published: HTTP 200: GitHub answered with JSON that is not a CheckRunList"));
        Assert.That(github.Requests("POST", "/check-runs"), Is.Empty);
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
            Assert.That(CheckRunPublisher.Conclusion(Some.Gate("g", Some.Finding("MOD002", Severity.Low, blocking: false))), Is.EqualTo(CheckRunConclusion.Neutral));
            Assert.That(CheckRunPublisher.Conclusion(Some.Gate("g", Some.Finding("MOD002", Severity.Low, suppressed: true))), Is.EqualTo(CheckRunConclusion.Success));
            Assert.That(CheckRunPublisher.Conclusion(Some.Gate("g", Some.Finding("MOD001", Severity.Critical))), Is.EqualTo(CheckRunConclusion.Failure));
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

    private static WireMock.ResponseBuilders.IResponseBuilder JsonResponse(object body) =>
        WireMock.ResponseBuilders.Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(body));

    private static object CheckRun(long id, string name) => new { id, name, head_sha = Some.HeadSha, status = "completed", conclusion = "failure" };
}
