using MLSecOps.Core.Inventory;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Compliance;
using MLSecOps.TestKit;

namespace MLSecOps.Reporting.Tests.Compliance;

public sealed class ComplianceEvaluatorTests
{
    private static readonly RuleDescriptor Injection = Some.Rule("DAT030", Severity.High, standards: ["OWASP-LLM01", "AML.T0051.000", "NIST-AI-RMF-MEASURE-2.7"]);
    private static readonly RuleDescriptor Secret = Some.Rule("DAT020", Severity.High, standards: ["OWASP-LLM02"]);
    private static readonly RuleDescriptor Poisoning = Some.Rule("DAT040", Severity.Medium, standards: ["OWASP-ML02"]);
    private static readonly RuleDescriptor Licence = Some.Rule("MOD085", Severity.Low, standards: ["CWE-1"]);

    [Test]
    public void Evaluate_ControlWithAnOpenFinding_Fails()
    {
        var report = Scan([Some.Evaluated(Some.Finding(Injection, "data/rag.md", gate: "data-check"))]);

        var llm01 = Control(report, "LLM01");

        Assert.That(llm01.Status, Is.EqualTo(ControlStatus.Failed));
        Assert.That(llm01.StatusText, Is.EqualTo("failed"));
        Assert.That(llm01.FailingRules, Is.EqualTo(new[] { "DAT030" }));
        Assert.That(llm01.Files, Is.EqualTo(new[] { "data/rag.md" }));
        // The same rule's sub-technique also answers its parent technique, and its NIST subcategory
        Assert.That(Control(report, "AML.T0051").Status, Is.EqualTo(ControlStatus.Failed));
        Assert.That(Control(report, "MEASURE 2.7").Status, Is.EqualTo(ControlStatus.Failed));
    }

    [Test]
    public void Evaluate_ControlWhoseRulesFoundNothing_Passes()
    {
        var report = Scan([Some.Evaluated(Some.Finding(Injection, "data/rag.md", gate: "data-check"))]);

        var llm02 = Control(report, "LLM02");

        Assert.That(llm02.Status, Is.EqualTo(ControlStatus.Passed));
        Assert.That(llm02.Rules, Is.EqualTo(new[] { "DAT020" }));
        Assert.That(llm02.OpenFindings, Is.Zero);
    }

    [Test]
    public void Evaluate_InfoFindingOnly_StillPasses()
    {
        var report = Scan([Some.Evaluated(Some.Finding(Secret, "data/a.csv", severity: Severity.Info, gate: "data-check"))]);

        Assert.That(Control(report, "LLM02").Status, Is.EqualTo(ControlStatus.Passed));
    }

    [Test]
    public void Evaluate_EveryFindingWaived_IsWaivedUntilTheEarliestExpiry()
    {
        var late = new Suppression(SuppressionKind.External, "synthetic", "waiver") { Expires = new DateOnly(2027, 6, 30) };
        var early = new Suppression(SuppressionKind.External, "synthetic", "waiver") { Expires = new DateOnly(2027, 3, 31) };
        var report = Scan([
            Some.Evaluated(Some.Finding(Secret, "data/a.csv", gate: "data-check"), suppression: late),
            Some.Evaluated(Some.Finding(Secret, "data/b.csv", gate: "data-check"), suppression: early),
        ]);

        var llm02 = Control(report, "LLM02");

        Assert.That(llm02.Status, Is.EqualTo(ControlStatus.Waived));
        Assert.That(llm02.WaivedUntil, Is.EqualTo(new DateOnly(2027, 3, 31)));
        Assert.That(llm02.StatusText, Is.EqualTo("waived until 2027-03-31"));
        Assert.That(llm02.SuppressedFindings, Is.EqualTo(2));
    }

    [Test]
    public void Evaluate_ControlNoRuleChecks_IsNotChecked()
    {
        var report = Scan([]);

        Assert.That(Control(report, "LLM07").Status, Is.EqualTo(ControlStatus.NotChecked));
        Assert.That(Control(report, "LLM07").StatusText, Is.EqualTo("not checked"));
    }

    [Test]
    public void Evaluate_RuleDisabledByPolicy_DoesNotCheckItsControl()
    {
        var gate = Some.Gate("data-check", "development", [], [Injection, Secret, Poisoning]) with { DisabledRules = ["DAT040"] };

        var compliance = ComplianceEvaluator.Evaluate(Some.Report(gate));

        Assert.That(Control(compliance, "ML02").Status, Is.EqualTo(ControlStatus.NotChecked));
    }

    [Test]
    public void Evaluate_ThreatModelVerifiedBy_MapsTheRuleToTheThreatsAtlasTechniquesWithTheOwner()
    {
        // Given a mitigation of ip-infringement (AML.T0010.003) verified by MOD085, whose descriptor names no ATLAS id
        var mitigation = new ThreatMitigation("ip-infringement", ["AML.T0010.003"], "Licences checked in CI.", "@example/ml-team", "verified", ["MOD085"], "docs/threat-model.yml");
        var gate = Some.Gate("model-scan", "build", [], [Licence]) with { Mitigations = [mitigation] };

        var compliance = ComplianceEvaluator.Evaluate(Some.Report(gate));

        // Then the technique and its parent are checked by MOD085 and show the mitigation
        var technique = Control(compliance, "AML.T0010.003");
        Assert.That(technique.Status, Is.EqualTo(ControlStatus.Passed));
        Assert.That(technique.Rules, Is.EqualTo(new[] { "MOD085" }));
        Assert.That(technique.Mitigations.Single().Owner, Is.EqualTo("@example/ml-team"));
        Assert.That(Control(compliance, "AML.T0010").Rules, Is.EqualTo(new[] { "MOD085" }));
    }

    [Test]
    public void Catalogue_HoldsTheFourFrameworks()
    {
        var counts = ComplianceCatalog.Frameworks.Select(f => (f.Key, f.Controls.Count)).ToList();

        Assert.That(counts, Is.EqualTo(new[] { ("owasp-llm", 10), ("owasp-ml", 10), ("mitre-atlas", 170), ("nist-ai-rmf", 72) }));
        Assert.That(ComplianceCatalog.Find("NIST-AI-RMF-GOVERN-1.6")!.Name, Is.EqualTo("Mechanisms are in place to inventory AI systems"));
    }

    private static ComplianceReport Scan(IEnumerable<EvaluatedFinding> findings) =>
        ComplianceEvaluator.Evaluate(Some.Report(Some.Gate("data-check", "development", findings, [Injection, Secret, Poisoning])));

    private static ControlResult Control(ComplianceReport report, string id) =>
        report.Frameworks.SelectMany(f => f.Controls).Single(c => c.Control.Id == id);
}
