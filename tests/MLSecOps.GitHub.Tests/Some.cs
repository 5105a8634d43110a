using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.GitHub.Tests;

/// <summary>Builds real Core reports for the tests.</summary>
internal static class Some
{
    public const string HeadSha = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    public const string MergeSha = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";

    public static RuleDescriptor Rule(string id, Severity severity) =>
        RuleDescriptorFactory.Create(id, $"Title of {id}", "Detects things.", "Fix it.", severity, [Threat.MalwareDistribution], ["CWE-502"]);

    public static EvaluatedFinding Finding(string id, Severity severity, string path = "models/a.pkl", int line = 1, bool blocking = true, bool suppressed = false, string? message = null)
    {
        var finding = Core.Rules.Finding.Create(Rule(id, severity), new Location(path, line), message ?? $"{id} found in {path}", $"{id}:{path}:{line}") with { Gate = "model-scan" };
        return new EvaluatedFinding(finding, suppressed ? new Suppression(SuppressionKind.External, "accepted", "waiver") : null, blocking && !suppressed);
    }

    public static GateReport Gate(string name, params EvaluatedFinding[] findings) => new()
    {
        Gate = name,
        Stage = "build",
        Rules = findings.Select(f => f.Finding.Rule).DistinctBy(r => r.Id).ToList(),
        Findings = findings.MostSevereFirst().ToList(),
        FilesScanned = 7,
        Duration = TimeSpan.FromSeconds(1.5),
    };

    public static ScanReport Report(params GateReport[] gates)
    {
        var blocking = gates.Sum(g => g.Findings.Count(f => f.Blocking));
        return new ScanReport
        {
            ToolVersion = "0.1.0",
            RepositoryRoot = "/github/workspace",
            Gates = gates,
            Decision = new Decision(blocking == 0, Severity.High, blocking),
            StartedAt = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero),
        };
    }

    public static PullRequestInfo PullRequest(string fixture = "pull_request_event.json")
    {
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(FixturePaths.Of("github/" + fixture)));
        return PullRequestInfo.FromEventPayload(document.RootElement)!;
    }

    public static GitHubEnvironment PullRequestEnvironment(string apiUrl, string fixture = "pull_request_event.json", string? token = "ghs_testtoken123456") => new()
    {
        IsGitHubActions = true,
        Repository = "acme/fraud-model",
        Sha = MergeSha,
        Ref = "refs/pull/42/merge",
        EventName = "pull_request",
        ApiUrl = new Uri(apiUrl.TrimEnd('/') + "/"),
        RunId = "9001",
        Workspace = "/github/workspace",
        Token = token,
        PullRequest = PullRequest(fixture),
    };
}
