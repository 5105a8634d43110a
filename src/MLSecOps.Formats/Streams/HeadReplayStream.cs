namespace MLSecOps.Formats.Streams;

/// <summary>A forward-only stream that first returns bytes already read for sniffing, then the rest of the source (which it never disposes).</summary>
/// <param name="head">The bytes already read.</param>
/// <param name="rest">The source, positioned after them.</param>
public sealed class HeadReplayStream(ReadOnlyMemory<byte> head, Stream rest) : Stream
{
    private int _headPosition;
    private long _position;

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
        get => _position;
        set => throw new NotSupportedException();
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        int read;
        if (_headPosition < head.Length)
        {
            read = Math.Min(buffer.Length, head.Length - _headPosition);
            head.Span.Slice(_headPosition, read).CopyTo(buffer);
            _headPosition += read;
        }
        else
        {
            read = rest.Read(buffer);
        }

        _position += read;
        return read;
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_headPosition < head.Length)
        {
            return Read(buffer.Span);
        }

        var read = await rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        _position += read;
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
}
