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
        Assert.That(ids, Is.EqualTo(new[] { "DAT998", "DAT999", "POL001", "POL002", "POL003", "POL004", "POL005", "POL006", "POL007" }));
    }

    [Test]
    public async Task RulesDoc_IsFreshAgainstTheRealGates()
    {
        // docs/rules.md is generated; this is the same check CI runs, so a stale doc fails here first.
        var run = await CliRun.InvokeAsync(FixturePaths.RepositoryRoot, null, null, "rules", "--format", "markdown");

        Assert.That(run.Out, Is.EqualTo(File.ReadAllText(Path.Combine(FixturePaths.RepositoryRoot, "docs", "rules.md"))));
    }

    [Test]
    public async Task Rules_OneId_ShowsThatRuleInFull()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, null, "rules", "dep013");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        Assert.That(run.Out, Does.StartWith("DEP013: Non-root user not enforced\n  gate:      deploy-audit\n  severity:  medium"));
        Assert.That(run.Out, Does.Contain("  threats:   misconfiguration\n"));
        Assert.That(run.Out, Does.Contain("  standards: CWE-250\n"));
        Assert.That(run.Out, Does.Contain("  help:      https://github.com/mlsecops-gates/mlsecops/blob/main/docs/rules.md#dep013\n"));
        Assert.That(run.Out, Does.Contain("\nNeither runAsNonRoot: true nor"));
        Assert.That(run.Out, Does.Contain("\nHow to fix: Set securityContext.runAsNonRoot: true"));
        Assert.That(run.Out, Does.Contain("\n\nExample that triggers it: A Deployment container with no securityContext at all"));
    }

    [Test]
    public async Task Rules_OneIdAsJson_IsThatRuleWithItsExample()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, null, "rules", "DEP082", "--format", "json");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Assert.That(json.RootElement.GetProperty("id").GetString(), Is.EqualTo("DEP082"));
        Assert.That(json.RootElement.GetProperty("gate").GetString(), Is.EqualTo("deploy-audit"));
        Assert.That(json.RootElement.GetProperty("example").GetString(), Is.EqualTo("A Dockerfile line `ADD https://example.com/model.bin /models/` without `--checksum`."));
    }

    [Test]
    public async Task Rules_Markdown_ShowsEachRulesExample()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, null, "rules", "--format", "markdown");

        Assert.That(run.Out, Does.Contain("**Example that triggers it.** A Dockerfile line `EXPOSE 22`.\n"));
    }

    [Test]
    public async Task Rules_UnknownId_SuggestsTheNearest()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], "rules", "DAT099");

        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.Error.Trim(), Is.EqualTo("mlsecops: unknown rule 'DAT099'; did you mean 'DAT999'?; 'mlsecops rules' lists them all"));
    }

    [Test]
    public async Task Rules_AtATerminal_PrintsACompactTable()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], true, "rules");

        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("ID      SEVERITY  GATE       TITLE"));
        Assert.That(lines[1], Is.EqualTo("DAT998  low       data-check Low test marker found"));
        Assert.That(lines, Has.Length.EqualTo(11));
        Assert.That(lines[^1], Does.StartWith("9 rules; 'mlsecops rules ID' shows one in full"));
    }

    [Test]
    public async Task Rules_NotATerminal_KeepsMarkdown()
    {
        var run = await CliRun.InvokeAsync(Path.GetTempPath(), null, [new TestGate()], "rules");

        Assert.That(run.Out, Does.Contain("<a id=\"dat999\"></a>"));
    }
}
