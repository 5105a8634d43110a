using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Pickle;

namespace MLSecOps.Gates.ModelScan.Tests.Pickle;

/// <summary>The symbolic machine on byte recipes from the research bypass catalogue (section 5-B), in memory.</summary>
public class PickleStreamScannerTests
{
    private static string[] Scan(byte[] pickle)
    {
        var scan = new FileScan("x.pkl", PickleGlobalPolicy.Default, new ScanBudget(), CancellationToken.None);
        using var stream = new MemoryStream(pickle);
        PickleStreamScanner.ScanStreams(scan, stream, "", 0, PickleStreamLayout.Plain);
        return [.. scan.Findings.Select(f => $"{f.Rule.Id} {f.Location.LogicalPath} {f.Evidence}")];
    }

    private static byte[] Bytes(string latin1) => System.Text.Encoding.Latin1.GetBytes(latin1);

    [Test]
    public void ScanStreams_Protocol0PutGetOutOfOrder_ResolvesOsSystem()
    {
        // Given B2 (CTF "Safe Pickle"): memo slots written by PUT in a different order from their use
        var recipe = Bytes("Vos\np2\n0Vsystem\np3\n0Vtorch\np0\n0VLongStorage\np1\n0g2\ng3\n\x93(Vecho pwned\ntR.");

        // Then the STACK_GLOBAL resolves to os.system, not torch.LongStorage; a protocol-4 opcode without PROTO is a note (CPython reads it)
        Assert.That(Scan(recipe), Is.EqualTo(new[] { "MOD025 @offset 54 offset 54", "MOD002 @offset 54 os.system (offset 54)" }));
    }

    [Test]
    public void ScanStreams_StackGlobalFromStringOpcodesWithoutProto_ResolvesOsSystem()
    {
        // Given B5: STRING operands and no PROTO
        var recipe = Bytes("S'os'\nS'system'\n\x93S'echo pwned'\n\x85R.");

        // Then os.system is found, and the protocol-4 opcode in an undeclared (protocol 0/1) stream is a note
        Assert.That(Scan(recipe), Is.EqualTo(new[] { "MOD025 @offset 16 offset 16", "MOD002 @offset 16 os.system (offset 16)" }));
    }

    [Test]
    public void ScanStreams_LegacyMagicThroughEval_ReportsEvalAndLaterPayload()
    {
        // Given B14: the legacy magic number produced by eval, and a payload in a later pickle
        var recipe = Bytes("\x80\x02" + "c__builtin__\neval\nX" + "\x16\x00\x00\x00" + "0x1950A86A20F9469CFC6C" + "\x85R.")
            .Concat(Bytes("\x80\x02M\xe9\x03.\x80\x02}.\x80\x02].cos\nsystem\n(S'id'\ntR.\x80\x02N.")).ToArray();

        // Then both the eval and the os.system in the fifth pickle are reported
        Assert.That(Scan(recipe).Select(f => f.Split(' ')[0] + " " + f.Split(' ')[3]), Is.EqualTo(new[] { "MOD002 __builtin__.eval", "MOD002 os.system" }));
    }

    [Test]
    public void ScanStreams_StackGlobalOnDroppedMemoStrings_ReportsUnresolved()
    {
        // Given a memo budget so small the strings are dropped before a STACK_GLOBAL reads them back
        var scan = new FileScan("x.pkl", PickleGlobalPolicy.Default, new ScanBudget { MaxRetainedText = 1 }, CancellationToken.None);
        using var stream = new MemoryStream(Bytes("\x80\x04\x8c\x02os\x94\x8c\x06system\x94h\x00h\x01\x93N\x85R."));

        // When scanned
        PickleStreamScanner.ScanStreams(scan, stream, "", 0, PickleStreamLayout.Plain);

        // Then the scanner fails closed: the call cannot be resolved
        Assert.That(scan.Findings.Select(f => f.Rule.Id), Is.EqualTo(new[] { "MOD004" }));
    }

    [Test]
    public void ScanStreams_DenseOpcodeBudgetExceeded_Throws()
    {
        // Given an opcode budget far below the stream's size
        var scan = new FileScan("x.pkl", PickleGlobalPolicy.Default, new ScanBudget { MaxOpcodes = 10 }, CancellationToken.None);
        var many = Bytes("\x80\x04" + string.Concat(Enumerable.Repeat("N0", 70_000)) + "N.");
        using var stream = new MemoryStream(many);

        // Then the budget stops the scan (the analyzer turns this into MOD001)
        Assert.That(() => PickleStreamScanner.ScanStreams(scan, stream, "", 0, PickleStreamLayout.Plain), Throws.TypeOf<ScanBudgetExceededException>());
    }

    [Test]
    public void ScanStreams_StackDeeperThanBudget_Throws()
    {
        var scan = new FileScan("x.pkl", PickleGlobalPolicy.Default, new ScanBudget { MaxStackDepth = 300 }, CancellationToken.None);
        using var stream = new MemoryStream(Bytes("\x80\x04" + new string('N', 1000) + "."));

        Assert.That(() => PickleStreamScanner.ScanStreams(scan, stream, "", 0, PickleStreamLayout.Plain), Throws.TypeOf<ScanBudgetExceededException>());
    }

    [Test]
    public void ScanStreams_MemoLargerThanBudget_Throws()
    {
        var scan = new FileScan("x.pkl", PickleGlobalPolicy.Default, new ScanBudget { MaxMemoEntries = 5 }, CancellationToken.None);
        using var stream = new MemoryStream(Bytes("\x80\x04N" + string.Concat(Enumerable.Repeat("\x94", 10)) + "."));

        Assert.That(() => PickleStreamScanner.ScanStreams(scan, stream, "", 0, PickleStreamLayout.Plain), Throws.TypeOf<ScanBudgetExceededException>());
    }

    [Test]
    public void ScanStreams_CancelledToken_Throws()
    {
        // Given a cancelled scan and a stream long enough to reach a cancellation check
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var scan = new FileScan("x.pkl", PickleGlobalPolicy.Default, new ScanBudget(), cancelled.Token);
        using var stream = new MemoryStream(Bytes("\x80\x04" + string.Concat(Enumerable.Repeat("N0", 70_000)) + "N."));

        // Then it stops
        Assert.That(() => PickleStreamScanner.ScanStreams(scan, stream, "", 0, PickleStreamLayout.Plain), Throws.InstanceOf<OperationCanceledException>());
    }
}
