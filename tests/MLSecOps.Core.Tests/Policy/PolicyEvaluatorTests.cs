using MLSecOps.Core.Gates;
using MLSecOps.Core.Policy;
using MLSecOps.Core.Policy.Rules;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Core.Tests.Policy;

public sealed class PolicyEvaluatorTests
{
    private static readonly DateOnly s_today = new(2026, 11, 25);
    private TempDirectory _repo = null!;

    [SetUp]
    public void SetUp()
    {
        _repo = new TempDirectory();
        _repo.Write("data/real/a.csv", "ok\nBAD row\n");
        _repo.Write("data/synthetic/b.csv", "BAD\nMEH\n");
    }

    [TearDown]
    public void TearDown() => _repo.Dispose();

    [Test]
    public async Task Evaluate_HighFindingAndDefaultPolicy_Blocks()
    {
        var (gates, decision) = await EvaluateAsync(new Core.Policy.Policy());

        Assert.That(decision, Is.EqualTo(new Decision(false, Severity.High, 2)));
        Assert.That(gates.Single().Findings.Select(f => (f.Finding.Rule.Id, f.Finding.Location.Path, f.Finding.Location.StartLine, f.Blocking)), Is.EqualTo(new[]
        {
            ("DAT999", "data/real/a.csv", 2, true),
            ("DAT999", "data/synthetic/b.csv", 1, true),
            ("DAT998", "data/synthetic/b.csv", 2, false),
        }));
    }

    [Test]
    public async Task Evaluate_SeverityOverride_ChangesSeverityAndBlocking()
    {
        var policy = new Core.Policy.Policy { Rules = new Dictionary<string, RuleOverride> { ["DAT999"] = new(Severity.Medium) } };

        var (gates, decision) = await EvaluateAsync(policy);

        Assert.That(decision.Passed, Is.True);
        Assert.That(gates.Single().Findings.Where(f => f.Finding.Rule.Id == "DAT999").Select(f => f.Finding.Severity), Is.All.EqualTo(Severity.Medium));
    }

    [Test]
    public async Task Evaluate_DisabledRule_DropsItsFindings()
    {
        var policy = new Core.Policy.Policy { Rules = new Dictionary<string, RuleOverride> { ["DAT998"] = new(null, Enabled: false) } };

        var (gates, _) = await EvaluateAsync(policy);

        Assert.That(gates.Single().Findings.Select(f => f.Finding.Rule.Id), Is.EqualTo(new[] { "DAT999", "DAT999" }));
    }

    [TestCase("low", 3)]
    [TestCase("critical", 0)]
    public async Task Evaluate_FailOn_CountsFindingsAtOrAbove(string failOn, int blocking)
    {
        SeverityNames.TryParse(failOn, out var severity);

        var (_, decision) = await EvaluateAsync(new Core.Policy.Policy { FailOn = severity });

        Assert.That(decision.BlockingCount, Is.EqualTo(blocking));
    }

    [Test]
    public async Task Evaluate_FailOnNone_NeverBlocks()
    {
        var (_, decision) = await EvaluateAsync(new Core.Policy.Policy { FailOn = null });

        Assert.That(decision, Is.EqualTo(new Decision(true, null, 0)));
    }

    [Test]
    public async Task Evaluate_ActiveWaiver_SuppressesWithJustification()
    {
        // Given a waiver for the synthetic folder, written relative to the scanned folder "data/"
        var waiver = new Waiver("DAT999", ["synthetic/**"], "synthetic rows", new DateOnly(2027, 3, 31), "sec@example.com", 7);
        var policy = new Core.Policy.Policy { Waivers = [waiver] };

        // When
        var (gates, decision) = await EvaluateAsync(policy, scanPrefix: "data/");

        // Then the waived finding is suppressed, the other still blocks
        var waived = gates.Single().Findings.Single(f => f.Finding.Location.Path == "data/synthetic/b.csv" && f.Finding.Rule.Id == "DAT999");
        Assert.That(waived.Suppression, Is.EqualTo(new Suppression(SuppressionKind.External, "synthetic rows (approved by sec@example.com); expires 2027-03-31", "waiver") { Expires = new DateOnly(2027, 3, 31) }));
        Assert.That(waived.Blocking, Is.False);
        Assert.That(decision.BlockingCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Evaluate_ExpiredWaiver_StopsWaivingAndRaisesPol002()
    {
        var waiver = new Waiver("DAT999", ["data/synthetic/**"], "synthetic rows", new DateOnly(2026, 11, 24), null, 9);

        var (gates, decision) = await EvaluateAsync(new Core.Policy.Policy { Waivers = [waiver] });

        var findings = gates.Single().Findings;
        Assert.That(findings.Where(f => f.Finding.Rule.Id == "DAT999").Select(f => f.IsSuppressed), Is.All.False);
        var expired = findings.Single(f => f.Finding.Rule.Id == ExpiredWaiver.Descriptor.Id);
        Assert.That(expired.Finding.Location, Is.EqualTo(new Location(".mlsecops.yml", 9)));
        Assert.That(expired.Finding.Message, Does.Contain("expired on 2026-11-24"));
        Assert.That(decision.BlockingCount, Is.EqualTo(2));
        Assert.That(gates.Single().Rules.Select(r => r.Id), Does.Contain("POL002"));
    }

    [Test]
    public async Task Evaluate_WaiverMatchingNothing_RaisesPol003Info()
    {
        var waiver = new Waiver("DAT999", ["models/**"], "never matches", new DateOnly(2027, 1, 1), null, 4);

        var (gates, _) = await EvaluateAsync(new Core.Policy.Policy { Waivers = [waiver] });

        var unused = gates.Single().Findings.Single(f => f.Finding.Rule.Id == "POL003");
        Assert.That(unused.Finding.Severity, Is.EqualTo(Severity.Info));
        Assert.That(unused.Blocking, Is.False);
    }

    [Test]
    public async Task Evaluate_Baseline_SuppressesRecordedFindingsOnly()
    {
        // Given a baseline made from the first run
        var (first, _) = await EvaluateAsync(new Core.Policy.Policy());
        var baseline = Baseline.From(first.Single().Findings.Where(f => f.Finding.Location.Path == "data/real/a.csv").Select(f => f.Finding));

        // When the marker moves down a line and a new one appears elsewhere
        _repo.Write("data/real/a.csv", "ok\nnew line\nBAD row\n");
        var (gates, decision) = await EvaluateAsync(new Core.Policy.Policy(), baseline: baseline);

        // Then the moved finding is still baselined; the synthetic one still blocks
        var moved = gates.Single().Findings.Single(f => f.Finding.Location.Path == "data/real/a.csv");
        Assert.That(moved.Finding.Location.StartLine, Is.EqualTo(3));
        Assert.That(moved.Suppression?.Source, Is.EqualTo("baseline"));
        Assert.That(decision.BlockingCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Evaluate_InSourceSuppression_IsKeptAndDoesNotBlock()
    {
        var gate = new TestGate();
        var finding = Finding.Create(TestGate.Rule, new Location("x.yaml", 3), "m", "k") with
        {
            Suppression = new Suppression(SuppressionKind.InSource, "reviewed", "inline"),
        };
        var evaluator = new PolicyEvaluator(new Core.Policy.Policy(), Baseline.Empty, "", ".mlsecops.yml");

        var (gates, decision) = evaluator.Evaluate([new GateRun(gate, GateResult.Of([finding], 1))], s_today);

        Assert.That(gates.Single().Findings.Single().Suppression!.Kind, Is.EqualTo(SuppressionKind.InSource));
        Assert.That(decision.Passed, Is.True);
    }

    [Test]
    public void Evaluate_GateInventory_ReachesTheReportWithTheDisabledRules()
    {
        // Given a gate result with an asset and a mitigation, and a policy that turns one of the gate's rules off
        var gate = new TestGate();
        var asset = new Core.Inventory.Asset { Kind = Core.Inventory.AssetKind.Model, Key = "models/m.pkl" };
        var mitigation = new Core.Inventory.ThreatMitigation("model-theft", ["AML.T0040"], "Authenticated ingress.", "@team", "verified", ["DEP042"], "docs/threat-model.yml");
        var policy = new Core.Policy.Policy { Rules = new Dictionary<string, RuleOverride> { ["DAT998"] = new(null, Enabled: false) } };
        var result = GateResult.Of([], 1) with { Assets = [asset], Mitigations = [mitigation] };

        // When
        var (gates, _) = new PolicyEvaluator(policy, Baseline.Empty, "", ".mlsecops.yml").Evaluate([new GateRun(gate, result)], s_today);

        // Then publishers see what the gate learnt, and which of its rules did not run
        Assert.That(gates.Single().Assets, Is.EqualTo(new[] { asset }));
        Assert.That(gates.Single().Mitigations, Is.EqualTo(new[] { mitigation }));
        Assert.That(gates.Single().DisabledRules, Is.EqualTo(new[] { "DAT998" }));
    }

    private async Task<(IReadOnlyList<GateReport> Gates, Decision Decision)> EvaluateAsync(Core.Policy.Policy policy, string scanPrefix = "", Baseline? baseline = null)
    {
        var gate = new TestGate();
        var files = await GateHarness.RunAsync(gate, _repo.Path);
        var evaluator = new PolicyEvaluator(policy, baseline ?? Baseline.Empty, scanPrefix, ".mlsecops.yml");
        return evaluator.Evaluate([new GateRun(gate, GateResult.Of(files, 2))], s_today);
    }
}
