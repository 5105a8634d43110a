using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>Recognises pickle data by content: <c>\x80</c> + protocol 2–5, or a protocol 0/1 start that parses strictly.</summary>
internal static class PickleSignature
{
    // Opcodes a protocol 0/1 pickle can begin with.
    private static ReadOnlySpan<byte> Protocol0Starts => "(c}])NILFSVKJMGUXT"u8;

    private static readonly FileScan ProbeScan = new("", PickleGlobalPolicy.Default, new ScanBudget { MaxOpcodes = 100_000, MaxFindingsPerFile = 0 }, CancellationToken.None);

    /// <summary>Returns whether <paramref name="head"/> could start a pickle (cheap first check).</summary>
    public static bool CouldStart(ReadOnlySpan<byte> head) =>
        head.Length >= 2 && ((head[0] == 0x80 && head[1] is >= 2 and <= 5) || Protocol0Starts.Contains(head[0]));

    /// <summary>Returns whether <paramref name="head"/> (the first bytes of some data) is a pickle.</summary>
    /// <param name="head">Up to a few hundred leading bytes.</param>
    public static bool IsPickle(ReadOnlySpan<byte> head)
    {
        if (!CouldStart(head))
        {
            return false;
        }

        if (head[0] == 0x80)
        {
            return true;
        }

        using var stream = new MemoryStream(head.ToArray(), writable: false);
        using var source = new PickleByteSource(stream);
        var machine = new SymbolicPickleMachine(ProbeScan, source, "", 0, probe: true);
        try
        {
            return machine.Run().Outcome == PickleStreamOutcome.Stopped && machine.Opcodes >= 2;
        }
        catch (PickleFormatException ex)
        {
            // Cut off by the end of the head, or broken after a clean start (nullifAI): a pickle if enough parsed first.
            // Without a global, only a long run of clean opcodes cut off by the end of a full head counts.
            return machine.Opcodes >= 4 && ex.Offset > 0
                && (machine.Globals > 0 || (ex.Truncated && head.Length >= 256 && machine.Opcodes >= 8));
        }
        catch (ScanBudgetExceededException)
        {
            return false;
        }
    }
}
