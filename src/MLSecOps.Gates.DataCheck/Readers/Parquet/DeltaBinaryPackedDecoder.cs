namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Reads Parquet's DELTA_BINARY_PACKED integers (the lengths and prefixes of the delta string encodings) one at a time;
/// every block size, width and count is checked against the page before a value is read.
/// </summary>
internal struct DeltaBinaryPackedDecoder
{
    private const int MaxBlockSize = 1 << 16;
    private readonly byte[] _data;
    private readonly int _end;
    private readonly int _miniblocks;
    private readonly int _perMiniblock;
    private int _position;
    private long _left;
    private long _last;
    private bool _first;
    private long _minDelta;
    private int _widths;
    private int _miniblock;
    private int _inMiniblock;
    private int _width;
    private long _bit;

    /// <summary>Initializes a new instance of the <see cref="DeltaBinaryPackedDecoder"/> struct at <paramref name="start"/>, reading its header.</summary>
    public DeltaBinaryPackedDecoder(byte[] data, int start, int end)
    {
        _data = data;
        _end = end;
        _position = start;
        var blockSize = ThriftCompactReader.ReadVarint(data, ref _position, end);
        var miniblocks = ThriftCompactReader.ReadVarint(data, ref _position, end);
        var total = ThriftCompactReader.ReadVarint(data, ref _position, end);
        _last = ThriftCompactReader.Zigzag(ThriftCompactReader.ReadVarint(data, ref _position, end));
        if (blockSize is 0 or > MaxBlockSize || blockSize % 128 != 0 || miniblocks == 0 || blockSize % miniblocks != 0 || blockSize / miniblocks % 32 != 0)
        {
            throw new InvalidDataException($"a delta block of {blockSize} values in {miniblocks} miniblocks is not valid");
        }

        if (total > int.MaxValue)
        {
            throw new InvalidDataException($"a delta encoding declares {total:N0} values");
        }

        _miniblocks = (int)miniblocks;
        _perMiniblock = (int)(blockSize / miniblocks);
        _left = (long)total;
        _first = total > 0;
        _miniblock = _miniblocks;
        _inMiniblock = _perMiniblock;
    }

    /// <summary>Returns the next value.</summary>
    public long Next()
    {
        if (_left <= 0)
        {
            throw new InvalidDataException("a delta encoding ended before its values");
        }

        _left--;
        if (_first)
        {
            _first = false;
            return _last;
        }

        if (_inMiniblock == _perMiniblock)
        {
            NextMiniblock();
        }

        _inMiniblock++;
        var delta = ReadBits(_bit, _width);
        _bit += _width;
        _last = unchecked(_last + _minDelta + (long)delta);
        return _last;
    }

    /// <summary>Returns the offset just past the encoding that starts at <paramref name="start"/>, without reading its values.</summary>
    public static int EndOf(byte[] data, int start, int end)
    {
        var decoder = new DeltaBinaryPackedDecoder(data, start, end);
        var left = decoder._left - 1;
        var position = decoder._position;
        while (left > 0)
        {
            ThriftCompactReader.ReadVarint(data, ref position, end);
            var widths = position;
            position = Advance(position, decoder._miniblocks, end);
            for (var m = 0; m < decoder._miniblocks && left > 0; m++)
            {
                position = Advance(position, (int)((long)decoder._perMiniblock * Width(data[widths + m]) / 8), end);
                left -= decoder._perMiniblock;
            }
        }

        return position;
    }

    private void NextMiniblock()
    {
        if (_miniblock == _miniblocks)
        {
            _minDelta = ThriftCompactReader.Zigzag(ThriftCompactReader.ReadVarint(_data, ref _position, _end));
            _widths = _position;
            _position = Advance(_position, _miniblocks, _end);
            _miniblock = 0;
        }

        _width = Width(_data[_widths + _miniblock]);
        _bit = (long)_position * 8;
        _position = Advance(_position, (int)((long)_perMiniblock * _width / 8), _end);
        _miniblock++;
        _inMiniblock = 0;
    }

    private static int Width(byte width) =>
        width <= 64 ? width : throw new InvalidDataException($"a delta miniblock width of {width} bits is over 64");

    private static int Advance(int position, int count, int end) =>
        count <= end - position ? position + count : throw new InvalidDataException("a delta block runs past its page");

    private readonly ulong ReadBits(long bit, int width)
    {
        ulong value = 0;
        var got = 0;
        while (got < width)
        {
            var index = (int)(bit >> 3);
            var shift = (int)(bit & 7);
            var take = Math.Min(8 - shift, width - got);
            var b = index < _end ? (ulong)_data[index] : 0;
            value |= ((b >> shift) & ((1UL << take) - 1)) << got;
            got += take;
            bit += take;
        }

        return value;
    }
}
