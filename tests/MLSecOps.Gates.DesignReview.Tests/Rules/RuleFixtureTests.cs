using System.Text.Json;
using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.DesignReview.Tests.Rules;

/// <summary>Runs the gate over each generated fixture repository and checks the exact locations its rule reports (none for pass scenarios).</summary>
public sealed class RuleFixtureTests
{
    private static readonly string s_root = FixturePaths.Of("design-review");

    public static IEnumerable<TestCaseData> Scenarios()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(s_root, "expected.json")));
        foreach (var entry in doc.RootElement.EnumerateObject())
        {
            var rule = entry.Value.GetProperty("rule").GetString()!;
            var locations = entry.Value.GetProperty("locations").EnumerateArray().Select(l => l.GetString()!).ToArray();
            var disabled = Strings(entry.Value, "disabled");
            var waived = Strings(entry.Value, "waived");
            yield return new TestCaseData(entry.Name, rule, locations, disabled, waived)
                .SetName($"Evaluate_{entry.Name.Replace('/', '_').Replace('.', '_').Replace('-', '_')}_ReportsExactLocations");
        }
    }

    [TestCaseSource(nameof(Scenarios))]
    public async Task Evaluate_Scenario_ReportsRuleAtExpectedLocationsOnly(string scenario, string rule, string[] locations, string[] disabled, string[] waived)
    {
        // Given a small repository, and the policy's disabled rules and waivers the scenario names
        var root = Path.Combine(s_root, scenario);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => new ScanFile(f, Path.GetRelativePath(root, f).Replace('\\', '/'), new FileInfo(f).Length))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
        var context = new GateContext
        {
            RepositoryRoot = root,
            Files = files,
            Settings = GateSettings.Empty,
            RuleOverrides = disabled.ToDictionary(id => id, _ => new RuleOverride(null, Enabled: false)),
            Waivers = [.. waived.Select(id => new Waiver(id, [], "accepted for the fixture", new DateOnly(2999, 1, 1), null, 7))],
        };

        // When the gate runs
        var result = await new DesignReviewGate().RunAsync(context, CancellationToken.None);

        // Then the rule reports exactly the expected locations
        var mine = result.Findings.Where(f => f.Rule.Id == rule)
            .Select(f => f.Location.StartColumn is { } column ? $"{f.Location.Path}:{f.Location.StartLine}:{column}" : $"{f.Location.Path}:{f.Location.StartLine}")
            .Order(StringComparer.Ordinal);
        Assert.That(mine, Is.EqualTo(locations), string.Join("\n", result.Findings.Select(f => $"{f.Rule.Id} {f.Location} {f.Message}")));
    }

    private static string[] Strings(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var list) ? [.. list.EnumerateArray().Select(e => e.GetString()!)] : [];
}
