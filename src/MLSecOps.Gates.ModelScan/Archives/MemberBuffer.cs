using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>
/// A member copied into memory so it can be read at random (a compressed ZIP inside an archive): 1 MiB chunks, each
/// reserved from the file's <see cref="MemoryBudget"/> before it is allocated, all released on dispose.
/// </summary>
internal sealed class MemberBuffer : Stream
{
    private const int ChunkSize = MemoryBudget.ChunkSize;
    private readonly FileScan _scan;
    private readonly List<byte[]> _chunks = [];
    private long _length;
    private long _position;

    private MemberBuffer(FileScan scan)
    {
        _scan = scan;
    }

    /// <inheritdoc />
    public override bool CanRead => true;

    /// <inheritdoc />
    public override bool CanSeek => true;

    /// <inheritdoc />
    public override bool CanWrite => false;

    /// <inheritdoc />
    public override long Length => _length;

    /// <inheritdoc />
    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, _length);
    }

    /// <summary>Copies <paramref name="source"/> to its end, or returns null when it is longer than <paramref name="limit"/> bytes.</summary>
    /// <exception cref="ScanBudgetExceededException">The file's or the shared memory budget is spent.</exception>
    public static MemberBuffer? Fill(FileScan scan, Stream source, long limit)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(source);
        var buffer = new MemberBuffer(scan);
        try
        {
            while (true)
            {
                scan.CancellationToken.ThrowIfCancellationRequested();
                scan.ReserveMemory(ChunkSize);
                var chunk = scan.Memory.RentChunk();
                buffer._chunks.Add(chunk);
                var read = source.ReadAtLeast(chunk, ChunkSize, throwOnEndOfStream: false);
                buffer._length += read;
                if (buffer._length > limit)
                {
                    buffer.Dispose();
                    return null;
                }

                if (read < ChunkSize)
                {
                    return buffer;
                }
            }
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length && _position < _length)
        {
            var chunk = _chunks[(int)(_position / ChunkSize)];
            var at = (int)(_position % ChunkSize);
            var count = (int)Math.Min(Math.Min(buffer.Length - total, ChunkSize - at), _length - _position);
            chunk.AsSpan(at, count).CopyTo(buffer[total..]);
            total += count;
            _position += count;
        }

        return total;
    }

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        _ => _length + offset,
    };

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
        if (disposing && _chunks.Count > 0)
        {
            foreach (var chunk in _chunks)
            {
                _scan.Memory.ReturnChunk(chunk);
            }

            _scan.ReleaseMemory((long)_chunks.Count * ChunkSize);
            _chunks.Clear();
        }

        base.Dispose(disposing);
    }
}
