using MLSecOps.Gates.ModelScan.Pickle;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Looks behind the first bytes of text members for a pickle that names globals (ModelAudit's `#`-prefixed protocol-0 payload).</summary>
internal static class PrefixedPickleCheck
{
    /// <summary>How far into the member a hidden stream may start.</summary>
    public const int MaxPrefix = 256;

    private const int MaxBytes = 1024 * 1024;

    /// <summary>Checks the text in <paramref name="data"/> (a member named <paramref name="logicalName"/>) and reports a hidden pickle with globals.</summary>
    public static void Check(FileScan scan, Stream data, string logicalName)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(data);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(MaxBytes);
        try
        {
            Check(scan, buffer, data.ReadAtLeast(buffer.AsSpan(0, MaxBytes), MaxBytes, throwOnEndOfStream: false), logicalName);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Check(FileScan scan, byte[] buffer, int length, string logicalName)
    {
        var complete = length < MaxBytes;
        var bytes = buffer.AsSpan(0, length);
        for (var start = 1; start < Math.Min(length, MaxPrefix); start++)
        {
            if (!PickleSignature.CouldStart(bytes[start..]) || !PickleSignature.IsPickle(bytes[start..], complete, reachesCode: true))
            {
                continue;
            }

            var globals = GlobalsOf(scan, buffer.AsMemory(start, length - start), logicalName);
            if (globals.Count > 0)
            {
                scan.Report(PrefixedPickle.Create(
                    scan.Path,
                    logicalName,
                    $"After {start} byte(s) that are not a pickle, the member holds a pickle that imports {string.Join(", ", globals.Select(g => $"`{g}`"))}; pickle.load refuses the first byte, but the payload is there.",
                    $"{logicalName}|prefixed",
                    string.Join(", ", globals)));
                return;
            }
        }
    }

    // The hidden stream is scanned on a scan of its own, so that its findings describe it and do not count as the member's.
    private static List<string> GlobalsOf(FileScan scan, ReadOnlyMemory<byte> stream, string logicalName)
    {
        var hidden = new FileScan(scan.Path, scan.Policy, scan.Budget, scan.CancellationToken, scan.Memory);
        using var memory = new MemoryStream(stream.ToArray(), writable: false);
        try
        {
            PickleStreamScanner.ScanStreams(hidden, memory, logicalName, 0, PickleStreamLayout.Plain);
        }
        catch (ScanBudgetExceededException)
        {
            // What was found before the budget ran out still counts.
        }

        return [.. hidden.Findings
            .Where(f => f.Rule.Id == DangerousPickleGlobal.Descriptor.Id || f.Rule.Id == UnknownPickleGlobal.Descriptor.Id)
            .Select(f => f.Evidence ?? f.Rule.Id)
            .Distinct(StringComparer.Ordinal)
            .Take(5)];
    }
}
