using MLSecOps.Formats.Streams;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>Reads a decompressor, charging every byte to the file's decompression budget and stopping at an optional limit.</summary>
/// <param name="inner">The decompressor, disposed with this view.</param>
/// <param name="scan">The file whose budgets are charged.</param>
/// <param name="limit">Reads end after this many bytes.</param>
internal sealed class BudgetedReadStream(Stream inner, FileScan scan, long limit = long.MaxValue) : ForwardReadStream(inner, leaveOpen: false)
{
    /// <inheritdoc />
    protected override int ReadCore(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, limit - BytesRead);
        if (wanted <= 0)
        {
            return 0;
        }

        scan.CancellationToken.ThrowIfCancellationRequested();
        var read = Inner.Read(buffer[..wanted]);
        scan.ChargeDecompressed(read);
        if (BytesRead + read > scan.Budget.MaxMemberDecompressedBytes)
        {
            throw new ScanBudgetExceededException($"more than {scan.Budget.MaxMemberDecompressedBytes / (1024 * 1024)} MiB decompressed from one member");
        }

        return read;
    }
}
