using System.Text.Json;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests.Rules;

/// <summary>Runs the gate over each generated multi-file scenario (Kustomize bases and patches, a Helm chart) and checks every finding of the scenario's rules.</summary>
public sealed class ScenarioFixtureTests
{
    private static readonly string s_root = Path.Combine(FixturePaths.Of("deploy-audit"), "scenarios");

    public static IEnumerable<TestCaseData> Scenarios()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_root, "expected.json")));
        foreach (var entry in doc.RootElement.EnumerateObject())
        {
            var rules = entry.Value.GetProperty("rules").EnumerateArray().Select(r => r.GetString()!).ToArray();
            var findings = entry.Value.GetProperty("findings").EnumerateArray().Select(f => f.GetString()!).ToArray();
            yield return new TestCaseData(entry.Name, rules, findings).SetName($"Evaluate_Scenario_{entry.Name.Replace('-', '_')}_ReportsExactFindings");
        }
    }

    [TestCaseSource(nameof(Scenarios))]
    public async Task Evaluate_Scenario_ReportsExactlyTheMarkedFindings(string scenario, string[] rules, string[] expected)
    {
        // Given a folder of files that only make sense together
        var root = Path.Combine(s_root, scenario);

        // When the gate runs over the folder
        var findings = await GateHarness.RunAsync(new DeployAuditGate(), root);

        // Then the scenario's rules report exactly the marked lines
        var mine = findings.Where(f => rules.Contains(f.Rule.Id) && f.Suppression == null).Select(f => $"{f.Rule.Id} {f.Location.Path}:{f.Location.StartLine}").Order(StringComparer.Ordinal);
        Assert.That(mine, Is.EqualTo(expected), string.Join("\n", findings.Select(f => $"{f.Rule.Id} {f.Location} {f.Message}")));
    }
}
