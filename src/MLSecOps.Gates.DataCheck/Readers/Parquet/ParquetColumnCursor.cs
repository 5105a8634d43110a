using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Walks one BYTE_ARRAY column chunk slot by slot (a slot is one value or null with its levels), holding one page and the
/// dictionary: PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY, DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY values in data pages
/// v1 and v2. Every offset, size and count is checked against the chunk and <see cref="ParquetReadBudget"/>.
/// </summary>
internal sealed class ParquetColumnCursor : IDisposable
{
    private const int Plain = 0;
    private const int PlainDictionary = 2;
    private const int Rle = 3;
    private const int DeltaLength = 6;
    private const int DeltaByteArray = 7;
    private const int RleDictionary = 8;

    private readonly Stream _stream;
    private readonly ParquetReadBudget _budget;
    private readonly PageDecompressor _decompressor = new();
    private readonly string _name;
    private readonly int _codec;
    private readonly int _maxDefinition;
    private readonly int _maxRepetition;
    private readonly long _values;
    private readonly long _end;
    private readonly CancellationToken _cancellationToken;
    private long _position;
    private long _slots;
    private byte[] _header = new byte[256];
    private byte[] _raw = [];
    private byte[] _page = [];
    private byte[] _delta = [];
    private char[] _dictionary = [];
    private int[] _entryStarts = [];
    private int[] _entryLengths = [];
    private int _entries = -1;

    private int _pageLeft;
    private RleHybridDecoder _definitions;
    private RleHybridDecoder _repetitions;
    private int _encoding;
    private byte[] _valueData = [];
    private int _valuePosition;
    private int _valueEnd;
    private bool _valuesReady;
    private RleHybridDecoder _indices;
    private bool _zeroIndices;
    private DeltaBinaryPackedDecoder _lengths;
    private DeltaBinaryPackedDecoder _prefixes;
    private int _deltaLength;

    private bool _present;
    private int _entry;
    private byte[] _bytes = [];
    private int _start;
    private int _length;

    /// <summary>Initializes a new instance of the <see cref="ParquetColumnCursor"/> class over the chunk at <c>[start, start + size)</c>.</summary>
    public ParquetColumnCursor(Stream stream, ParquetColumnChunk chunk, ParquetReadBudget budget, CancellationToken cancellationToken)
    {
        _stream = stream;
        _budget = budget;
        _name = chunk.Name;
        _codec = chunk.Codec;
        _maxDefinition = chunk.MaxDefinition;
        _maxRepetition = chunk.MaxRepetition;
        _values = chunk.Values;
        _position = chunk.Start;
        _end = chunk.Start + chunk.Size;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Gets the repetition level of the current slot (0 starts a new row).</summary>
    public int Repetition { get; private set; }

    /// <summary>Moves to the next slot; returns false when the chunk's values are all read.</summary>
    public bool MoveNext()
    {
        if (_pageLeft == 0 && !NextPage())
        {
            return false;
        }

        _pageLeft--;
        _slots++;
        Repetition = _maxRepetition > 0 ? _repetitions.Next() : 0;
        var definition = _maxDefinition > 0 ? _definitions.Next() : 0;
        if (definition > _maxDefinition || Repetition > _maxRepetition)
        {
            throw Corrupt($"a level of {Math.Max(definition, Repetition)} is above the column's maximum");
        }

        _present = definition == _maxDefinition;
        if (_present)
        {
            ReadValue();
        }

        return true;
    }

    /// <summary>Appends the current slot's value (empty for a null) to <paramref name="row"/>.</summary>
    public void AppendTo(DataRow row)
    {
        if (!_present)
        {
            row.Append([]);
        }
        else if (_entry >= 0)
        {
            row.Append(_dictionary.AsSpan(_entryStarts[_entry], _entryLengths[_entry]));
        }
        else
        {
            row.AppendUtf8(_bytes.AsSpan(_start, _length));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _decompressor.Dispose();
        _budget.Release(_raw);
        _budget.Release(_page);
        _budget.Release(_delta);
        _budget.Release(_dictionary);
        _budget.Release(_entryStarts);
        _budget.Release(_entryLengths);
    }

    private bool NextPage()
    {
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (_slots >= _values)
            {
                return false;
            }

            if (_position >= _end)
            {
                throw Corrupt($"the chunk ends after {_slots:N0} of its {_values:N0} values");
            }

            var (header, headerLength) = ReadHeader();
            var start = _position + headerLength;
            if (header.CompressedSize < 0 || header.CompressedSize > _end - start || header.UncompressedSize < 0)
            {
                throw Corrupt($"the page at byte {_position:N0} declares {header.CompressedSize:N0} bytes ({header.UncompressedSize:N0} uncompressed) where the chunk has {_end - start:N0} left");
            }

            _position = start + header.CompressedSize;
            switch (header.Type)
            {
                case ParquetPageHeader.DictionaryPage:
                    LoadDictionary(header, start);
                    continue;
                case ParquetPageHeader.DataPage when LoadPage(header, start):
                    return true;
                case ParquetPageHeader.DataPageV2 when LoadPageV2(header, start):
                    return true;
                case ParquetPageHeader.DataPage or ParquetPageHeader.DataPageV2 or ParquetPageHeader.IndexPage:
                    continue;
                default:
                    throw Corrupt($"the page at byte {start - headerLength:N0} has unknown type {header.Type}");
            }
        }
    }

    private (ParquetPageHeader Header, int Length) ReadHeader()
    {
        var available = (int)Math.Min(_end - _position, ParquetReadBudget.MaxHeaderBytes);
        var size = Math.Min(available, 256);
        while (true)
        {
            _header = _budget.Grow(_header, size, "a page header");
            ReadAt(_position, _header, size);
            try
            {
                return ParquetPageHeader.Parse(_header, size);
            }
            catch (EndOfStreamException) when (size < available)
            {
                size = (int)Math.Min(available, size * 16L);
            }
            catch (Exception ex) when (ex is EndOfStreamException or InvalidDataException)
            {
                throw Corrupt($"the page header at byte {_position:N0} is damaged ({ex.Message})");
            }
        }
    }

    private void LoadDictionary(ParquetPageHeader header, long start)
    {
        if (_entries >= 0)
        {
            throw Corrupt("the chunk has a second dictionary page");
        }

        var size = Decompress(start, header.CompressedSize, header.UncompressedSize, ref _page);
        if (header.Encoding is not (Plain or PlainDictionary) || header.NumValues < 0 || header.NumValues > size / 4)
        {
            throw Corrupt($"the dictionary page declares {header.NumValues:N0} entries in {size:N0} bytes, encoding {header.Encoding}");
        }

        _dictionary = _budget.Grow(_dictionary, size, "a dictionary page");
        _entryStarts = _budget.Grow(_entryStarts, header.NumValues, "a dictionary page");
        _entryLengths = _budget.Grow(_entryLengths, header.NumValues, "a dictionary page");
        var position = 0;
        var chars = 0;
        for (var i = 0; i < header.NumValues; i++)
        {
            var length = PlainLength(_page, ref position, size);
            var count = Encoding.UTF8.GetChars(_page.AsSpan(position, length), _dictionary.AsSpan(chars));
            _entryStarts[i] = chars;
            _entryLengths[i] = count;
            chars += count;
            position += length;
        }

        _entries = header.NumValues;
    }

    private bool LoadPage(ParquetPageHeader header, long start)
    {
        var size = Decompress(start, header.CompressedSize, header.UncompressedSize, ref _page);
        var position = 0;
        if (_maxRepetition > 0)
        {
            _repetitions = Levels(header.RepetitionEncoding, _maxRepetition, ref position, size);
        }

        if (_maxDefinition > 0)
        {
            _definitions = Levels(header.DefinitionEncoding, _maxDefinition, ref position, size);
        }

        return Values(header, _page, position, size);
    }

    private bool LoadPageV2(ParquetPageHeader header, long start)
    {
        var levels = (long)header.RepetitionLength + header.DefinitionLength;
        if (header.RepetitionLength < 0 || header.DefinitionLength < 0 || levels > header.CompressedSize || levels > header.UncompressedSize)
        {
            throw Corrupt($"the v2 page at byte {start:N0} declares {levels:N0} bytes of levels in {header.CompressedSize:N0}");
        }

        _raw = _budget.Grow(_raw, header.CompressedSize, "a data page");
        ReadAt(start, _raw, header.CompressedSize);
        _budget.Read(header.UncompressedSize);
        _repetitions = new RleHybridDecoder(_raw, 0, header.RepetitionLength, BitWidth(_maxRepetition));
        _definitions = new RleHybridDecoder(_raw, header.RepetitionLength, (int)levels, BitWidth(_maxDefinition));
        if (!header.IsCompressed || _codec == 0)
        {
            if (header.CompressedSize != header.UncompressedSize)
            {
                throw Corrupt($"the uncompressed v2 page at byte {start:N0} is {header.CompressedSize:N0} bytes where its header says {header.UncompressedSize:N0}");
            }

            return Values(header, _raw, (int)levels, header.CompressedSize);
        }

        var size = header.UncompressedSize - (int)levels;
        _page = _budget.Grow(_page, size, "a data page");
        _decompressor.Decompress(_codec, _raw, (int)levels, header.CompressedSize - (int)levels, _page.AsSpan(0, size));
        return Values(header, _page, 0, size);
    }

    private bool Values(ParquetPageHeader header, byte[] data, int position, int end)
    {
        if (header.NumValues < 0)
        {
            throw Corrupt($"a data page declares {header.NumValues:N0} values");
        }

        _pageLeft = (int)Math.Min(header.NumValues, _values - _slots);
        _encoding = header.Encoding;
        if (_encoding is not (Plain or PlainDictionary or RleDictionary or DeltaLength or DeltaByteArray))
        {
            throw new NotSupportedException($"column `{_name}` has a data page with encoding {_encoding}, which is not read");
        }

        _valueData = data;
        _valuePosition = position;
        _valueEnd = end;
        _valuesReady = false;
        return _pageLeft > 0;
    }

    private void ReadValue()
    {
        if (!_valuesReady)
        {
            PrepareValues();
        }

        _entry = -1;
        switch (_encoding)
        {
            case Plain:
                _length = PlainLength(_valueData, ref _valuePosition, _valueEnd);
                _bytes = _valueData;
                _start = _valuePosition;
                _valuePosition += _length;
                break;
            case PlainDictionary or RleDictionary:
                _entry = _zeroIndices ? 0 : _indices.Next();
                if ((uint)_entry >= (uint)_entries)
                {
                    throw Corrupt(_entries < 0 ? "a dictionary-encoded page comes without a dictionary page" : $"a dictionary index of {_entry:N0} is past the {_entries:N0} entries");
                }

                break;
            case DeltaLength:
                _length = DeltaValueLength();
                _bytes = _valueData;
                _start = _valuePosition;
                _valuePosition += _length;
                break;
            default:
                var prefix = _prefixes.Next();
                if (prefix < 0 || prefix > _deltaLength)
                {
                    throw Corrupt($"a prefix of {prefix:N0} bytes is longer than the value before it");
                }

                var suffix = DeltaValueLength();
                _delta = _budget.Grow(_delta, prefix + suffix, "a DELTA_BYTE_ARRAY value");
                _valueData.AsSpan(_valuePosition, suffix).CopyTo(_delta.AsSpan((int)prefix));
                _valuePosition += suffix;
                _deltaLength = (int)prefix + suffix;
                _bytes = _delta;
                _start = 0;
                _length = _deltaLength;
                break;
        }
    }

    private void PrepareValues()
    {
        _valuesReady = true;
        switch (_encoding)
        {
            case PlainDictionary or RleDictionary:
                if (_valuePosition >= _valueEnd)
                {
                    throw Corrupt("a dictionary-encoded page has no index bit width");
                }

                var width = _valueData[_valuePosition];
                _zeroIndices = width == 0;
                _indices = new RleHybridDecoder(_valueData, _valuePosition + 1, _valueEnd, width);
                break;
            case DeltaLength:
                _lengths = new DeltaBinaryPackedDecoder(_valueData, _valuePosition, _valueEnd);
                _valuePosition = DeltaBinaryPackedDecoder.EndOf(_valueData, _valuePosition, _valueEnd);
                break;
            case DeltaByteArray:
                _prefixes = new DeltaBinaryPackedDecoder(_valueData, _valuePosition, _valueEnd);
                var suffixes = DeltaBinaryPackedDecoder.EndOf(_valueData, _valuePosition, _valueEnd);
                _lengths = new DeltaBinaryPackedDecoder(_valueData, suffixes, _valueEnd);
                _valuePosition = DeltaBinaryPackedDecoder.EndOf(_valueData, suffixes, _valueEnd);
                _deltaLength = 0;
                break;
        }
    }

    private int DeltaValueLength()
    {
        var length = _lengths.Next();
        return length >= 0 && length <= _valueEnd - _valuePosition
            ? (int)length
            : throw Corrupt($"a value of {length:N0} bytes runs past its page");
    }

    private RleHybridDecoder Levels(int encoding, int maxLevel, ref int position, int end)
    {
        if (encoding != Rle)
        {
            throw new NotSupportedException($"column `{_name}` has levels in encoding {encoding}, which is not read");
        }

        var length = end - position >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(_page.AsSpan(position)) : -1;
        if (length < 0 || length > end - position - 4)
        {
            throw Corrupt($"levels of {length:N0} bytes run past their page");
        }

        var decoder = new RleHybridDecoder(_page, position + 4, position + 4 + length, BitWidth(maxLevel));
        position += 4 + length;
        return decoder;
    }

    private int Decompress(long start, int compressed, int uncompressed, ref byte[] target)
    {
        _raw = _budget.Grow(_raw, compressed, "a page");
        target = _budget.Grow(target, uncompressed, "a page");
        ReadAt(start, _raw, compressed);
        _budget.Read(uncompressed);
        _decompressor.Decompress(_codec, _raw, 0, compressed, target.AsSpan(0, uncompressed));
        return uncompressed;
    }

    private int PlainLength(byte[] data, ref int position, int end)
    {
        var length = end - position >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(position)) : -1;
        if (length < 0 || length > end - position - 4)
        {
            throw Corrupt($"a PLAIN value of {length:N0} bytes runs past its page");
        }

        position += 4;
        return length;
    }

    private void ReadAt(long offset, byte[] buffer, int count)
    {
        _stream.Position = offset;
        _stream.ReadExactly(buffer, 0, count);
    }

    private static int BitWidth(int maxLevel) => maxLevel == 0 ? 0 : 32 - int.LeadingZeroCount(maxLevel);

    private InvalidDataException Corrupt(string what) =>
        new(string.Create(CultureInfo.InvariantCulture, $"column `{_name}`: {what} (value {_slots:N0} of {_values:N0})"));
}
