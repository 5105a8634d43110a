using MLSecOps.Core.Rules;

namespace MLSecOps.GitHub.Tests;

public sealed class GateSummaryMarkdownTests
{
    [Test]
    public void Title_ByOutcome_SaysBlockedPassedWithFindingsOrPassed()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GateSummaryMarkdown.Title(Some.Gate("model-scan", Some.Finding("MOD001", Severity.Critical))), Is.EqualTo("model-scan: blocked by 1 finding(s)"));
            Assert.That(GateSummaryMarkdown.Title(Some.Gate("model-scan", Some.Finding("MOD002", Severity.Low, blocking: false))), Is.EqualTo("model-scan: passed with 1 non-blocking finding(s)"));
            Assert.That(GateSummaryMarkdown.Title(Some.Gate("model-scan", Some.Finding("MOD001", Severity.High, suppressed: true))), Is.EqualTo("model-scan: passed"));
        });
    }

    [Test]
    public void For_TwelveFindings_ListsTenAndCountsTheRest()
    {
        var findings = Enumerable.Range(1, 12).Select(i => Some.Finding("MOD001", Severity.High, $"models/m{i:00}.pkl")).ToArray();

        var markdown = GateSummaryMarkdown.For(Some.Gate("model-scan", findings), new Uri("https://github.com/acme/fraud-model/actions/runs/9001"));

        Assert.That(markdown, Does.Contain("| high | 12 | 12 | 0 |\n"));
        Assert.That(markdown, Does.Contain("| MOD001 | high (blocking) | <code>models/m10.pkl:1</code> | MOD001 found in models/m10.pkl |\n"));
        Assert.That(markdown, Does.Not.Contain("models/m11.pkl"));
        Assert.That(markdown, Does.EndWith("\n2 more finding(s) are in the job summary and code scanning.\n\n[Workflow run](https://github.com/acme/fraud-model/actions/runs/9001)\n"));
    }

    [Test]
    public void Cell_HostileText_CannotBreakTheTableOrMention()
    {
        Assert.That(GateSummaryMarkdown.Cell("a|b\n<!-- mlsecops:x --> @team `x`"), Is.EqualTo("a&#124;b &lt;!-- mlsecops:x --&gt; &#64;team &#96;x&#96;"));
    }
}
