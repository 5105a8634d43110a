using MLSecOps.Core.Rules;
using MLSecOps.TestKit;

namespace MLSecOps.Gates.ModelScan.Tests.Pickle;

/// <summary>
/// Long SETITEMS and APPENDS runs of plain literals, which the scanner takes in one pass: what is hidden among them or read back
/// from their memo writes is still reported exactly (rule, offset, severity), over the committed fixtures in runs/.
/// </summary>
public class LiteralRunTests
{
    [TestCase("runs/records_global_p4.pkl", "MOD002 @offset 45642")]
    [TestCase("runs/records_global_p2.pkl", "MOD002 @offset 61112")]
    public async Task Scan_RecordsWithAGlobalAmongLiterals_ReportsTheGlobalWhereItIsResolved(string fixture, string expected)
    {
        // Given 1,800 dicts written by CPython's pickler (runs crossing the read buffer and frames), two of them holding os.system
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then the global is reported once, at its STACK_GLOBAL (protocol 4) or GLOBAL (protocol 2), and nothing else is
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { expected }));
        Assert.That(findings.Single().Message, Does.Contain("`posix.system`"));
    }

    [Test]
    public async Task Scan_SameRecordsWithoutTheGlobal_ReportsNothing()
    {
        // Given the same records with None in place of the global
        var findings = await ModelScanFixture.ScanAsync("runs/records_p4.pkl");

        // Then nothing is reported
        Assert.That(findings, Is.Empty);
    }

    [TestCase("runs/run_memo_into_stack_global.pkl", "MOD002 @offset 41", "`os.system`")]
    [TestCase("runs/run_memo_overwrite.pkl", "MOD002 @offset 37", "`posix.system`")]
    public async Task Scan_StackGlobalOnStringsMemoizedInsideRuns_ResolvesTheStringsLastWritten(string fixture, string expected, string global)
    {
        // Given runs that memoize the module and name strings (one writing the same slot twice), and a STACK_GLOBAL reading them back
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then the global resolves to what the memo holds last, and is reported there
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { expected }));
        Assert.That(findings.Single().Message, Does.Contain(global));
    }

    [Test]
    public async Task Scan_NestedPickleAmongRunLiterals_ScansTheNestedPickle()
    {
        // Given a short bytes literal in a run that is itself a pickle calling os.system
        var findings = await ModelScanFixture.ScanAsync("runs/run_nested_pickle.pkl");

        // Then the literal is reported as a nested pickle and its global inside it
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { "MOD002 @offset 10>@offset 0", "MOD008 @offset 10" }));
    }

    [Test]
    public async Task Scan_EncodedCodeAmongRunLiterals_ReportsIt()
    {
        // Given a base64 string in a run that decodes to os.system code
        var findings = await ModelScanFixture.ScanAsync("runs/run_encoded_code.pkl");

        // Then it is reported at its offset
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { "MOD026 @offset 9" }));
    }

    [Test]
    public async Task Scan_NewerOpcodeInARunOfAnOlderProtocol_ReportsTheDeviationAtIt()
    {
        // Given a protocol-2 stream whose run holds a SHORT_BINUNICODE (protocol 4)
        var findings = await ModelScanFixture.ScanAsync("runs/run_protocol_deviation.pkl");

        // Then the deviation is reported at that opcode
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { "MOD025 @offset 7" }));
    }

    [TestCase("runs/run_unhashable_key.pkl", "MOD006 @offset 10", Severity.Medium)]
    [TestCase("runs/run_memo_miss.pkl", "MOD006 @offset 7", Severity.Medium)]
    [TestCase("runs/run_odd_items.pkl", "MOD006 @offset 10", Severity.High)]
    public async Task Scan_RunThatCPythonRejects_IsMalformedAtTheRejectingOpcode(string fixture, string expected, Severity severity)
    {
        // Given a run with a list read from the memo as a dict key, a read of a memo slot never written, or an odd number of items
        var findings = await ModelScanFixture.ScanAsync(fixture);

        // Then it is MOD006 at the opcode where CPython's load raises, graded as before
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { expected }));
        Assert.That(findings.Single().Severity, Is.EqualTo(severity));
    }

    [Test]
    public async Task Scan_RunsOfMemoizedContainerReads_CountInTheExpansionEstimate()
    {
        // Given 40 lists, each an APPENDS run of two memo reads of the list before it (2^40 paths)
        var findings = await ModelScanFixture.ScanAsync("runs/run_container_reads.pkl");

        // Then the expansion bomb is reported where it crosses the budget
        Assert.That(ModelScanFixture.Summary(findings), Is.EqualTo(new[] { "MOD030 @offset 367" }));
    }

    [TestCase("max-pickle-memo-entries", 1000, "more than 1000 pickle memo entries")]
    [TestCase("max-pickle-stack-depth", 100, "pickle stack deeper than 100")]
    public async Task Scan_RecordsBeyondAMemoOrStackBudget_StopAtTheBudgetBeforeTheGlobal(string setting, int budget, string reason)
    {
        // Given the records with os.system at offset 45,642, and a memo or stack budget the runs before it already exceed
        var settings = GateHarness.Settings((setting, budget));

        // When scanned
        var findings = await ModelScanFixture.ScanAsync("runs/records_global_p4.pkl", settings);

        // Then the scan stops at the budget (MOD001 naming it), as it does opcode by opcode, and the global after it is not reached
        Assert.That(findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD001" }));
        Assert.That(findings.Single().Message, Does.Contain(reason));
    }
}
