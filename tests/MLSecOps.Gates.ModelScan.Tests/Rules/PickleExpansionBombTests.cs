using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD030 through the gate, over the committed denial-of-service fixtures (exact rule ids and logical paths of every finding).</summary>
public class PickleExpansionBombTests
{
    [TestCase("dos/memo_self_append.pkl", "MOD030 @offset 84")]
    [TestCase("dos/tuple_doubling.pkl", "MOD030 @offset 210")]
    [TestCase("dos/dup_tuple_doubling.pkl", "MOD030 @offset 54")]
    [TestCase("dos/dict_doubling.pkl", "MOD030 @offset 420")]
    [TestCase("dos/appends_fan_out.pkl", "MOD030 @offset 1623")]
    public async Task Scan_ExpansionBomb_ReportsMod030AtTheOpcodeThatCrossesTheBudget(string fixture, string expected)
    {
        // Given a pickle whose shared references expand exponentially, When the gate scans it
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then exactly one MOD030 is reported, where the expanded size first passes the budget
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { expected }));
    }

    [TestCase("dos/cyclic_list.pkl")]
    [TestCase("dos/shared_refs.pkl")]
    public async Task Scan_OrdinarySharingAndCycles_ReportsNothing(string fixture)
    {
        // Given a list that holds itself once, and pickle.dumps of one dict shared 1,000 times
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then nothing is reported
        Assert.That(findings, Is.Empty);
    }

    [Test]
    public async Task Scan_BudgetSetting_IsTheThresholdOfMod030()
    {
        // Given the shared-dict pickle (about 2,000 containers expanded from about 1,000 opcodes) and a budget of 100
        var settings = GateHarness.Settings(("max-pickle-expansion", 100));

        // When scanned with the low budget and with the default
        var low = await ModelScanFixture.ScanAsync("dos/shared_refs.pkl", settings);
        var byDefault = await ModelScanFixture.ScanAsync("dos/shared_refs.pkl");

        // Then only the low budget reports it
        Assert.That(low.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD030" }));
        Assert.That(low.Single().Message, Does.Contain("beyond the budget of 100"));
        Assert.That(byDefault, Is.Empty);
    }
}
