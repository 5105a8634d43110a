namespace MLSecOps.Formats.Compression;

/// <summary>A read-only stream that ends after a byte budget and remembers whether the budget cut the input short.</summary>
/// <remarks>Decompression bombs and oversized files are read only up to the budget; the caller reports the rest as unread.</remarks>
public sealed class ByteBudgetStream : Stream
{
    private readonly Stream _inner;
    private readonly bool _leaveOpen;
    private readonly long _limit;
    private long _read;
    private bool _probedEnd;

    /// <summary>Initializes a new instance of the <see cref="ByteBudgetStream"/> class.</summary>
    /// <param name="inner">The stream to read.</param>
    /// <param name="limit">The most bytes that may be read.</param>
    /// <param name="leaveOpen">Whether disposing leaves <paramref name="inner"/> open.</param>
    public ByteBudgetStream(Stream inner, long limit, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        _inner = inner;
        _limit = limit;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Gets how many bytes were read.</summary>
    public long BytesRead => _read;

    /// <summary>Gets a value indicating whether the budget was used up while more input remained.</summary>
    public bool Exceeded { get; private set; }

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
            ProbeEnd();
            return 0;
        }

        var read = _inner.Read(buffer[..wanted]);
        _read += read;
        return read;
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, _limit - _read);
        if (wanted <= 0)
        {
            ProbeEnd();
            return 0;
        }

        var read = await _inner.ReadAsync(buffer[..wanted], cancellationToken).ConfigureAwait(false);
        _read += read;
        return read;
    }

    /// <inheritdoc />
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

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
        if (disposing && !_leaveOpen)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void ProbeEnd()
    {
        // One byte past the budget tells a file that ends exactly at the limit from one that was cut short.
        if (_probedEnd)
        {
            return;
        }

        _probedEnd = true;
        Span<byte> one = stackalloc byte[1];
        Exceeded = _inner.Read(one) > 0;
    }
}
