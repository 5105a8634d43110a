using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Reads Parquet's RLE / bit-packed hybrid encoding (levels and dictionary indices) into a block the caller owns
/// (<see cref="RleHybridReader"/>), so a run of any declared length costs no memory; a run that claims bytes past its buffer
/// ends the page as corrupt.
/// </summary>
internal struct RleHybridDecoder
{
    private readonly byte[] _data;
    private readonly int _end;
    private readonly int _bitWidth;
    private readonly uint _mask;
    private int _position;
    private long _left;
    private int _value;
    private bool _packed;
    private long _bit;

    /// <summary>Initializes a new instance of the <see cref="RleHybridDecoder"/> struct over <c>data[start..end)</c>.</summary>
    public RleHybridDecoder(byte[] data, int start, int end, int bitWidth)
    {
        if (bitWidth is < 0 or > 32)
        {
            throw new InvalidDataException($"an RLE bit width of {bitWidth} is outside 0-32");
        }

        _data = data;
        _position = start;
        _end = end;
        _bitWidth = bitWidth;
        _mask = bitWidth == 32 ? uint.MaxValue : (1u << bitWidth) - 1;
    }

    /// <summary>
    /// Decodes the next values into <paramref name="into"/>, a run at a time; returns how many it decoded, fewer when the data
    /// ends or is damaged, with what decoding the next value threw in <paramref name="failure"/>.
    /// </summary>
    public int Read(Span<int> into, out ExceptionDispatchInfo? failure)
    {
        failure = null;
        var read = 0;
        try
        {
            while (read < into.Length)
            {
                while (_left == 0)
                {
                    ReadRunHeader();
                }

                var count = (int)Math.Min(_left, into.Length - read);
                if (_packed)
                {
                    for (var i = read; i < read + count; i++)
                    {
                        into[i] = ReadBits(_bit);
                        _bit += _bitWidth;
                    }
                }
                else
                {
                    into.Slice(read, count).Fill(_value);
                }

                _left -= count;
                read += count;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            failure = ExceptionDispatchInfo.Capture(ex);
        }

        return read;
    }

    private void ReadRunHeader()
    {
        if (_position >= _end)
        {
            throw new InvalidDataException("RLE/bit-packed data ended before its values");
        }

        var header = ThriftCompactReader.ReadVarint(_data, ref _position, _end);
        if ((header & 1) == 0)
        {
            var width = (_bitWidth + 7) >> 3;
            if (_end - _position < width)
            {
                throw new InvalidDataException("an RLE run's value is cut off");
            }

            var value = 0u;
            for (var i = 0; i < width; i++)
            {
                value |= (uint)_data[_position + i] << (8 * i);
            }

            _position += width;
            _packed = false;
            _value = (int)(value & _mask);
            _left = (long)Math.Min(header >> 1, long.MaxValue);
            return;
        }

        // A bit-packed run holds groups of 8 values; a last group cut short by the page end keeps the values it has.
        var groups = Math.Min(header >> 1, int.MaxValue);
        var bytes = Math.Min((long)groups * _bitWidth, _end - _position);
        _packed = true;
        _bit = (long)_position * 8;
        _left = _bitWidth == 0 ? (long)groups * 8 : bytes * 8 / _bitWidth;
        _position += (int)bytes;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ReadBits(long bit)
    {
        var index = (int)(bit >> 3);
        var shift = (int)(bit & 7);

        // A value spans at most 5 bytes (32 bits from a shift of up to 7); bytes read past them are shifted or masked away.
        ulong bits;
        if (index <= _end - sizeof(ulong))
        {
            bits = BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(index));
        }
        else
        {
            var count = (shift + _bitWidth + 7) >> 3;
            bits = 0;
            for (var i = 0; i < count && index + i < _end; i++)
            {
                bits |= (ulong)_data[index + i] << (8 * i);
            }
        }

        return (int)((uint)(bits >> shift) & _mask);
    }
}
