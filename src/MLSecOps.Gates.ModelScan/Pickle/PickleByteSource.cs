using System.Buffers;
using System.Runtime.CompilerServices;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>A forward-only buffered byte reader over a stream that knows its offset; lines and literals are bounded.</summary>
internal sealed class PickleByteSource : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly Stream _stream;
    private byte[] _buffer;
    private int _pos;
    private int _len;
    private long _bufferStart;

    /// <summary>Wraps <paramref name="stream"/>, whose current position becomes offset <paramref name="startOffset"/>.</summary>
    public PickleByteSource(Stream stream, long startOffset = 0)
    {
        _stream = stream;
        _bufferStart = startOffset;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    }

    /// <summary>Gets the offset of the next byte.</summary>
    public long Position => _bufferStart + _pos;

    /// <summary>Gets how many bytes are left, when the stream knows its length.</summary>
    public long? Remaining => _stream.CanSeek ? _stream.Length - _stream.Position + (_len - _pos) : null;

    /// <summary>Gets the longest span <see cref="Peek"/> and <see cref="TryRead"/> can return.</summary>
    public static int MaxSpan => BufferSize;

    /// <summary>Gets the unread bytes already buffered.</summary>
    public ReadOnlySpan<byte> Buffered => new(_buffer, _pos, _len - _pos);

    /// <summary>Consumes <paramref name="count"/> bytes of <see cref="Buffered"/>.</summary>
    public void Advance(int count) => _pos += count;

    /// <summary>Reads one byte, or -1 at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadByte()
    {
        if (_pos < _len)
        {
            return _buffer[_pos++];
        }

        return Fill(1) ? _buffer[_pos++] : -1;
    }

    /// <summary>Returns whether the source is at its end.</summary>
    public bool AtEnd() => _pos >= _len && !Fill(1);

    /// <summary>Returns the next <paramref name="count"/> bytes without consuming them (fewer at the end).</summary>
    public ReadOnlySpan<byte> Peek(int count)
    {
        count = Math.Min(count, BufferSize);
        if (_len - _pos < count)
        {
            Fill(count);
        }

        return _buffer.AsSpan(_pos, Math.Min(count, _len - _pos));
    }

    /// <summary>Returns whether <paramref name="count"/> (at most <see cref="MaxSpan"/>) unread bytes are buffered, filling the buffer if need be.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Available(int count) => _len - _pos >= count || Fill(count);

    /// <summary>Consumes <paramref name="count"/> bytes that <see cref="Available"/> said are buffered.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Take(int count)
    {
        var bytes = new ReadOnlySpan<byte>(_buffer, _pos, count);
        _pos += count;
        return bytes;
    }

    /// <summary>Consumes exactly <paramref name="count"/> (at most <see cref="MaxSpan"/>) bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(int count, out ReadOnlySpan<byte> bytes)
    {
        if (_len - _pos < count && !Fill(count))
        {
            bytes = default;
            return false;
        }

        bytes = _buffer.AsSpan(_pos, count);
        _pos += count;
        return true;
    }

    /// <summary>Consumes a line ending in <c>\n</c> (not included), at most <paramref name="maxLength"/> bytes.</summary>
    public bool TryReadLine(int maxLength, out ReadOnlySpan<byte> line)
    {
        var scanned = 0;
        while (true)
        {
            var index = _buffer.AsSpan(_pos + scanned, _len - _pos - scanned).IndexOf((byte)'\n');
            if (index >= 0)
            {
                line = _buffer.AsSpan(_pos, scanned + index);
                _pos += scanned + index + 1;
                return true;
            }

            scanned = _len - _pos;
            if (scanned >= maxLength || !Fill(scanned + 1))
            {
                line = default;
                return false;
            }
        }
    }

    /// <summary>Skips <paramref name="count"/> bytes, seeking when the stream allows; false when the data ends first.</summary>
    public bool Skip(long count)
    {
        var inBuffer = Math.Min(count, _len - _pos);
        _pos += (int)inBuffer;
        count -= inBuffer;
        if (count == 0)
        {
            return true;
        }

        _bufferStart += _len;
        _pos = 0;
        _len = 0;
        if (_stream.CanSeek)
        {
            var remaining = _stream.Length - _stream.Position;
            var step = Math.Min(count, remaining);
            _stream.Seek(step, SeekOrigin.Current);
            _bufferStart += step;
            return step == count;
        }

        while (count > 0)
        {
            var read = _stream.Read(_buffer, 0, (int)Math.Min(count, _buffer.Length));
            if (read == 0)
            {
                return false;
            }

            _bufferStart += read;
            count -= read;
        }

        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    /// <summary>Makes at least <paramref name="needed"/> unread bytes available; false at the end of data.</summary>
    private bool Fill(int needed)
    {
        if (_pos > 0)
        {
            var unread = _len - _pos;
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, unread);
            _bufferStart += _pos;
            _pos = 0;
            _len = unread;
        }

        while (_len < needed)
        {
            var read = _stream.Read(_buffer, _len, _buffer.Length - _len);
            if (read == 0)
            {
                return false;
            }

            _len += read;
        }

        return true;
    }
}
