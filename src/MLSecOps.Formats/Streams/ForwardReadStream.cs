namespace MLSecOps.Formats.Streams;

/// <summary>A read-only, forward-only view of another stream whose position is the number of bytes read through it.</summary>
/// <remarks>Parsers of hostile files read through several such views (budgets, replayed heads, counters); this carries the
/// members they share so each view states only how it reads.</remarks>
public abstract class ForwardReadStream : Stream
{
    private readonly bool _leaveOpen;

    /// <summary>Initializes a new instance of the <see cref="ForwardReadStream"/> class.</summary>
    /// <param name="inner">The stream read through this view.</param>
    /// <param name="leaveOpen">Whether disposing the view leaves <paramref name="inner"/> open.</param>
    protected ForwardReadStream(Stream inner, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(inner);
        Inner = inner;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Gets how many bytes were read.</summary>
    public long BytesRead { get; private set; }

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
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    /// <summary>Gets the stream read through this view.</summary>
    protected Stream Inner { get; }

    /// <inheritdoc />
    public sealed override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public sealed override int Read(Span<byte> buffer)
    {
        var read = ReadCore(buffer);
        BytesRead += read;
        return read;
    }

    /// <inheritdoc />
    public sealed override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await ReadCoreAsync(buffer, cancellationToken).ConfigureAwait(false);
        BytesRead += read;
        return read;
    }

    /// <inheritdoc />
    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc />
    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public sealed override void Flush()
    {
    }

    /// <inheritdoc />
    public sealed override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads the next bytes of the view into <paramref name="buffer"/>.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <returns>How many bytes were read; 0 at the end of the view.</returns>
    protected abstract int ReadCore(Span<byte> buffer);

    /// <summary>Reads the next bytes asynchronously; by default the synchronous read, since every view here wraps buffered or in-memory sources.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="cancellationToken">Ends the wait.</param>
    /// <returns>How many bytes were read; 0 at the end of the view.</returns>
    protected virtual ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return new ValueTask<int>(ReadCore(buffer.Span));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            Inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
