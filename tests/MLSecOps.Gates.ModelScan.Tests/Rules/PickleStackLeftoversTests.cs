namespace MLSecOps.Gates.ModelScan.Tests.Rules;

/// <summary>MOD031 through the gate, over the committed denial-of-service fixtures.</summary>
public class PickleStackLeftoversTests
{
    [Test]
    public async Task Scan_DupRunLeftOnTheStack_ReportsMod031AtStop()
    {
        // Given 150 DUPs of an empty list, all left below the returned value
        var findings = await ModelScanFixture.ScanAsync("dos/dup_stack.pkl");

        // Then MOD031 is reported at STOP, with the count
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { "MOD031 @offset 153" }));
        Assert.That(findings.Single().Message, Does.Contain("150 unused values"));
    }

    [Test]
    public async Task Scan_FewLeftovers_ReportsNoMod031()
    {
        // Given hand-made fixtures that leave a value or two on the stack (as many attack recipes do)
        var findings = await ModelScanFixture.ScanAsync("malicious/memo_confusion.pkl");

        // Then leftovers below the limit are not reported
        Assert.That(findings.Select(f => f.Rule.Id), Does.Not.Contain("MOD031"));
    }
}
