using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>Reads a decompressor, charging every byte to the file's decompression budget and stopping at an optional limit.</summary>
internal sealed class BudgetedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly FileScan _scan;
    private readonly long _limit;
    private long _read;

    /// <summary>Wraps <paramref name="inner"/>; reads end after <paramref name="limit"/> bytes.</summary>
    public BudgetedReadStream(Stream inner, FileScan scan, long limit = long.MaxValue)
    {
        _inner = inner;
        _scan = scan;
        _limit = limit;
    }

    /// <summary>Gets how many bytes were read.</summary>
    public long BytesRead => _read;

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, _limit - _read);
        if (wanted <= 0)
        {
            return 0;
        }

        _scan.CancellationToken.ThrowIfCancellationRequested();
        var read = _inner.Read(buffer[..wanted]);
        _read += read;
        _scan.ChargeDecompressed(read);
        if (_read > _scan.Budget.MaxMemberDecompressedBytes)
        {
            throw new ScanBudgetExceededException($"more than {_scan.Budget.MaxMemberDecompressedBytes / (1024 * 1024)} MiB decompressed from one member");
        }
        return read;
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
