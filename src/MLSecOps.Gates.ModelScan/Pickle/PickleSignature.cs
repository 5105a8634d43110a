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
    /// <param name="reachesCode">Whether to count only pickles that name a global or declare a protocol (literals inside a pickle, where a
    /// few bytes that happen to parse must not become a finding).</param>
    public static bool IsPickle(ReadOnlySpan<byte> bytes, bool complete = true, bool reachesCode = false)
    {
        if (!CouldStart(bytes))
        {
            return false;
        }

        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        return Run(stream, windowed: !complete, bytes[0], reachesCode);
    }

    /// <summary>Returns whether <paramref name="stream"/>, from its position to its end, is a pickle; the position is left anywhere.</summary>
    public static bool Probe(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Run(stream, windowed: false, 0, reachesCode: false);
    }

    private static bool Run(Stream stream, bool windowed, byte first, bool reachesCode)
    {
        using var source = new PickleByteSource(stream);
        var scan = new FileScan("", PickleGlobalPolicy.Default, new ScanBudget { MaxFindingsPerFile = 0, MaxMemoEntries = ProbeOpcodes }, CancellationToken.None);
        var machine = new SymbolicPickleMachine(scan, source, "", 0, probe: true);
        try
        {
            var outcome = machine.Run().Outcome;
            var parsed = outcome == PickleStreamOutcome.Probed || (outcome == PickleStreamOutcome.Stopped && machine.Opcodes >= 2);
            return parsed && (!reachesCode || machine.Globals > 0 || machine.DeclaresProtocol);
        }
        catch (PickleFormatException ex) when (ex.Truncated && windowed)
        {
            // Every opcode parsed until the window ended, and the data goes on: CPython would keep reading. A first text line
            // longer than the window is not taken as a pickle (raw bytes without a newline); a length-prefixed literal is.
            return (machine.Opcodes >= 2 || (ex.Offset == 0 && first is (byte)'B' or (byte)'T' or (byte)'X' or 0x8d or 0x8e or 0x96))
                && (!reachesCode || machine.Globals > 0 || machine.DeclaresProtocol);
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
