using System.Text.Json;
using MLSecOps.Core.Gates;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DeployAudit.Tests.Rules;

/// <summary>Runs the gate over each generated fixture and checks the exact lines its rule reports (none for the fixed variant).</summary>
public sealed class RuleFixtureTests
{
    private static readonly string s_root = FixturePaths.Of("deploy-audit");

    /// <summary>Rules that only act under a setting.</summary>
    private static readonly Dictionary<string, GateSettings> s_settings = new(StringComparer.Ordinal)
    {
        ["DEP027"] = GateHarness.Settings(("trusted-registries", (IReadOnlyList<string>)["ghcr.io/acme/"])),
    };

    public static IEnumerable<TestCaseData> Fixtures()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_root, "expected.json")));
        foreach (var entry in doc.RootElement.EnumerateObject())
        {
            var rule = entry.Value.GetProperty("rule").GetString()!;
            var lines = entry.Value.GetProperty("lines").EnumerateArray().Select(l => l.GetInt32()).ToArray();
            yield return new TestCaseData(entry.Name, rule, lines).SetName($"Evaluate_{entry.Name.Replace('/', '_').Replace('.', '_')}_ReportsExactLines");
        }
    }

    [TestCaseSource(nameof(Fixtures))]
    public async Task Evaluate_Fixture_ReportsRuleOnMarkedLinesOnly(string fixture, string rule, int[] lines)
    {
        // Given one fixture file
        var full = Path.Combine(s_root, fixture);
        var files = new[] { new ScanFile(full, fixture, new FileInfo(full).Length) };

        // When the gate runs over it
        var findings = await GateHarness.RunAsync(new DeployAuditGate(), s_root, files, s_settings.GetValueOrDefault(rule));

        // Then the rule reports exactly the marked lines, unsuppressed, on this file
        var mine = findings.Where(f => f.Rule.Id == rule).ToList();
        Assert.That(mine.Select(f => f.Location.StartLine).Order(), Is.EqualTo(lines), string.Join("\n", findings.Select(f => $"{f.Rule.Id} {f.Location} {f.Message}")));
        Assert.That(mine, Has.All.Matches<MLSecOps.Core.Rules.Finding>(f => f.Suppression == null && f.Location.Path == fixture));
    }
}
