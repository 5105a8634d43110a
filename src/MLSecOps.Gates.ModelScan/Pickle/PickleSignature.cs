using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>Recognises pickle data by running the bounded opcode reader itself over it, silently, for a bounded number of opcodes.</summary>
internal static class PickleSignature
{
    /// <summary>How many clean opcodes make data a pickle without reading further.</summary>
    public const int ProbeOpcodes = 4096;

    /// <summary>How many bytes the reader may consume before it decides.</summary>
    public const long ProbeBytes = 1024 * 1024;

    /// <summary>Returns whether <paramref name="data"/> starts with an opcode CPython's <c>load()</c> accepts first (a cheap filter; the reader decides).</summary>
    public static bool CouldStart(ReadOnlySpan<byte> data) => data.Length >= 1 && SymbolicPickleMachine.CanStart(data[0]);

    /// <summary>Returns whether <paramref name="bytes"/> is a pickle.</summary>
    /// <param name="bytes">The data, or a window of it.</param>
    /// <param name="complete">Whether <paramref name="bytes"/> is all of the data; otherwise the data goes on past the window.</param>
    public static bool IsPickle(ReadOnlySpan<byte> bytes, bool complete = true)
    {
        if (!CouldStart(bytes))
        {
            return false;
        }

        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        return Run(stream, windowed: !complete);
    }

    /// <summary>Returns whether <paramref name="stream"/>, from its position to its end, is a pickle; the position is left anywhere.</summary>
    public static bool Probe(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Run(stream, windowed: false);
    }

    private static bool Run(Stream stream, bool windowed)
    {
        using var source = new PickleByteSource(stream);
        var scan = new FileScan("", PickleGlobalPolicy.Default, new ScanBudget { MaxFindingsPerFile = 0, MaxMemoEntries = ProbeOpcodes }, CancellationToken.None);
        var machine = new SymbolicPickleMachine(scan, source, "", 0, probe: true);
        try
        {
            var outcome = machine.Run().Outcome;
            return outcome == PickleStreamOutcome.Probed || (outcome == PickleStreamOutcome.Stopped && machine.Opcodes >= 2);
        }
        catch (PickleFormatException ex) when (ex.Truncated && windowed)
        {
            // Every opcode parsed until the window ended, and the data goes on: CPython would keep reading.
            return machine.Opcodes >= 1;
        }
        catch (PickleFormatException ex)
        {
            // Broken after a clean start that reached a global (nullifAI, truncated uploads): CPython runs everything before the break.
            // A valid PROTO header says "pickle" by itself: whatever breaks later is the scan's finding, not a reason to skip it.
            return ex.Offset > 0 && (machine.DeclaresProtocol || (machine.Opcodes >= 4 && machine.Globals > 0));
        }
        catch (ScanBudgetExceededException)
        {
            return true;
        }
    }
}
