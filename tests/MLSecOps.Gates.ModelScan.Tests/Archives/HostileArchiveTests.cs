using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Archives;

/// <summary>Overlapping members, memory budgets and per-member budgets: bounded work, and nothing found is lost.</summary>
public class HostileArchiveTests
{
    [Test]
    public async Task Scan_OverlappingMembers_ReportsTheBombAndInflatesOnce()
    {
        // Given 20 members sharing one deflate stream that inflates to 100 MiB starting like a ZIP (Fifield)
        // When the gate scans it
        var findings = await ModelScanFixture.ScanAsync("hostile/overlap.zip");

        // Then the overlap is reported, the 19 overlapping members are not inflated, and the first is not buffered beyond 64 MiB
        Assert.That(findings.Where(f => f.Rule.Id == "MOD016").Select(f => f.Message), Has.Some.Contains("share their data"));
        Assert.That(findings.Count(f => f.Rule.Id == "MOD001" && f.Message.Contains("overlaps another member's", StringComparison.Ordinal)), Is.EqualTo(19));
        Assert.That(findings.Where(f => f.Rule.Id == "MOD001").Select(f => f.Message), Has.Some.Contains("larger than 64 MiB"));
    }

    [Test]
    public async Task Scan_NestedArchiveOverSharedMemory_FailsClosedWithinTheBudget()
    {
        // Given a per-file memory budget of 8 MiB
        // When the gate scans the overlapping archive, whose first member would be buffered
        var findings = await ModelScanFixture.ScanAsync("hostile/overlap.zip", GateHarness.Settings(("max-file-memory-mb", 8)));

        // Then the buffering stops at the budget and says so
        Assert.That(findings.Where(f => f.Rule.Id == "MOD001").Select(f => f.Message), Has.Some.Contains("MiB of member data would be held in memory"));
    }

    [Test]
    public async Task Scan_MemberOverOpcodeBudget_StillScansTheNextMember()
    {
        // Given an archive whose first member exceeds the opcode budget and whose second calls os.system
        // When the gate scans it with a 70,000-opcode budget
        var findings = await ModelScanFixture.ScanAsync("hostile/budget_then_payload.zip", GateHarness.Settings(("max-pickle-opcodes", 70000)));

        // Then both the budget overrun and the payload are reported
        Assert.That(findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath}"), Does.Contain("MOD001 a/big.pkl"));
        Assert.That(findings.Where(f => f.Rule.Id == "MOD002").Select(f => f.Severity), Does.Contain(Severity.Critical));
    }

    [Test]
    public void TryReserve_HolderBeyondTotal_FailsWithoutWaiting()
    {
        // Given a shared budget of 2 MiB, 2 MiB of it held
        var budget = new MemoryBudget(2 * 1024 * 1024, 2 * 1024 * 1024);
        Assert.That(budget.TryReserve(2 * 1024 * 1024, mayWait: true, CancellationToken.None), Is.True);

        // When a file that already holds memory asks for more, Then it is refused at once (holders never wait: no deadlock)
        Assert.That(budget.TryReserve(1, mayWait: false, CancellationToken.None), Is.False);

        // And once the memory is released it can be had again
        budget.Release(2 * 1024 * 1024);
        Assert.That(budget.TryReserve(1024, mayWait: false, CancellationToken.None), Is.True);
        Assert.That(budget.Used, Is.EqualTo(1024));
    }
}
