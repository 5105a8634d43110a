using System.Text.Json;
using MLSecOps.TestKit;

namespace MLSecOps.Cli.Tests;

public sealed class RulesCommandTests
{
    [Test]
    public async Task Rules_Markdown_HasCoverageMatrixAndAnAnchorPerRule()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], "rules", "--format", "markdown");

        Assert.That(run.ExitCode, Is.EqualTo(0));
        Assert.That(run.Out, Does.Contain("| data | data poisoning | [DAT998](#dat998), [DAT999](#dat999) |"));
        Assert.That(run.Out, Does.Contain("<a id=\"dat999\"></a>"));
        Assert.That(run.Out, Does.Contain("<a id=\"pol001\"></a>"));
    }

    [Test]
    public async Task Rules_Json_ListsEveryRuleWithThreats()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], "rules", "--format", "json");

        using var json = JsonDocument.Parse(run.Out);
        var ids = json.RootElement.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.That(ids, Is.EqualTo(new[] { "DAT998", "DAT999", "POL001", "POL002", "POL003", "POL004", "POL005", "POL006" }));
    }

    [Test]
    public async Task RulesDoc_IsFreshAgainstTheRealGates()
    {
        // docs/rules.md is generated; this is the same check CI runs, so a stale doc fails here first.
        var run = await CliRun.InvokeAsync(FixturePaths.RepositoryRoot, null, null, "rules", "--format", "markdown");

        Assert.That(run.Out, Is.EqualTo(File.ReadAllText(Path.Combine(FixturePaths.RepositoryRoot, "docs", "rules.md"))));
    }
}
