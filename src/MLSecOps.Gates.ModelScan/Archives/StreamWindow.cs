namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>A read-only view of <c>[start, start + length)</c> of a seekable stream (an archive member stored as is).</summary>
internal sealed class StreamWindow : Stream
{
    private readonly Stream _inner;
    private readonly long _start;
    private long _position;

    /// <summary>Creates the window.</summary>
    public StreamWindow(Stream inner, long start, long length)
    {
        _inner = inner;
        _start = start;
        Length = Math.Max(0, Math.Min(length, inner.Length - start));
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => true;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length { get; }

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, Length);
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var available = (int)Math.Min(buffer.Length, Length - _position);
        if (available <= 0)
        {
            return 0;
        }

        _inner.Position = _start + _position;
        var read = _inner.Read(buffer[..available]);
        _position += read;
        return read;
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => Length + offset,
        };
        return _position;
    }

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
