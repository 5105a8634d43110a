using System.Text.Json.Nodes;
using MLSecOps.Core.Inventory;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Compliance;
using MLSecOps.Reporting.Markdown;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests.Compliance;

public sealed class ComplianceMarkdownTests
{
    private static readonly RuleDescriptor Injection = Some.Rule("DAT030", Severity.High, standards: ["OWASP-LLM01"]);

    [Test]
    public void ToMarkdown_ListsEveryOwaspControlAndTheEvidence()
    {
        var report = Report();

        var markdown = ComplianceMarkdown.ToMarkdown(ComplianceEvaluator.Evaluate(report));

        Assert.That(markdown, Does.Contain("| LLM01 | Prompt Injection | failed | **DAT030** | 1 open, 0 suppressed; files: data/rag.md; mitigation (prompt-self-replication, owner &#64;example/ml-team, implemented, verified by DAT030): Retrieved text is fenced. |"));
        Assert.That(markdown, Does.Contain("| LLM07 | System Prompt Leakage | not checked |  |  |"));
        Assert.That(markdown, Does.Contain("Not checked by any enabled rule and not named by the threat model ("));
    }

    [Test]
    public void Summary_WithComplianceOption_AddsTheSection()
    {
        var report = Report();

        var with = MarkdownSummaryWriter.ToMarkdown(report, MarkdownSummaryOptions.Default with { Compliance = true });
        var without = MarkdownSummaryWriter.ToMarkdown(report);

        Assert.That(with, Does.Contain("### Compliance\n\n| Framework | Passed | Failed | Waived | Not checked |"));
        Assert.That(with, Does.Contain("| OWASP Top 10 for LLM Applications 2025 | 0 | 1 | 0 | 9 |"));
        Assert.That(with, Does.Contain("| LLM01 Prompt Injection | failed | DAT030 |"));
        Assert.That(without, Does.Not.Contain("Compliance"));
    }

    [Test]
    public void Json_HasCountsStatusesAndMitigations()
    {
        using var buffer = new MemoryStream();
        ComplianceJson.Write(ComplianceEvaluator.Evaluate(Report()), buffer);

        var json = JsonNode.Parse(buffer.ToArray())!;
        var llm = json["frameworks"]![0]!;
        Assert.That((string)llm["key"]!, Is.EqualTo("owasp-llm"));
        Assert.That((int)llm["counts"]!["failed"]!, Is.EqualTo(1));
        Assert.That((int)llm["counts"]!["notChecked"]!, Is.EqualTo(9));
        Assert.That((string)llm["controls"]![0]!["status"]!, Is.EqualTo("failed"));
        Assert.That((string)llm["controls"]![0]!["mitigations"]![0]!["owner"]!, Is.EqualTo("@example/ml-team"));
    }

    [Test]
    public void Catalogue_LinksEachControlToItsRules()
    {
        using var writer = new StringWriter();

        ComplianceMarkdown.WriteCatalogue(ComplianceEvaluator.Checkers([Injection], []), writer);

        Assert.That(writer.ToString(), Does.Contain("| LLM01 | Prompt Injection | [DAT030](rules.md#dat030) |"));
        Assert.That(writer.ToString(), Does.Contain("| LLM02 | Sensitive Information Disclosure | not checked |"));
    }

    private static Core.Reporting.ScanReport Report()
    {
        var mitigation = new ThreatMitigation("prompt-self-replication", ["AML.T0051"], "Retrieved text is fenced.", "@example/ml-team", "implemented", ["DAT030"], "docs/threat-model.yml");
        var gate = Some.Gate("data-check", "development", [Some.Evaluated(Some.Finding(Injection, "data/rag.md", gate: "data-check"))]) with { Mitigations = [mitigation] };
        return Some.Report(gate);
    }
}
