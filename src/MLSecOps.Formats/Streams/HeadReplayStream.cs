namespace MLSecOps.Formats.Streams;

/// <summary>A forward-only stream that first returns bytes already read for sniffing, then the rest of the source (which it never disposes).</summary>
/// <param name="head">The bytes already read.</param>
/// <param name="rest">The source, positioned after them.</param>
public sealed class HeadReplayStream(ReadOnlyMemory<byte> head, Stream rest) : ForwardReadStream(rest, leaveOpen: true)
{
    private int _headPosition;

    /// <inheritdoc />
    protected override int ReadCore(Span<byte> buffer)
    {
        if (_headPosition >= head.Length)
        {
            return Inner.Read(buffer);
        }

        var read = Math.Min(buffer.Length, head.Length - _headPosition);
        head.Span.Slice(_headPosition, read).CopyTo(buffer);
        _headPosition += read;
        return read;
    }

    /// <inheritdoc />
    protected override ValueTask<int> ReadCoreAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _headPosition < head.Length ? new ValueTask<int>(ReadCore(buffer.Span)) : Inner.ReadAsync(buffer, cancellationToken);
}
