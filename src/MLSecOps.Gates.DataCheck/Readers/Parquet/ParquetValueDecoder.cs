using System.Buffers.Binary;
using System.Text;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Decodes the BYTE_ARRAY values of the pages <see cref="ParquetPageLoader"/> loads, one value at a time: PLAIN,
/// PLAIN_DICTIONARY / RLE_DICTIONARY (the dictionary decoded to text once), DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY.
/// Every length, index and prefix is checked against its page and dictionary.
/// </summary>
internal sealed class ParquetValueDecoder : IDisposable
{
    private const int Plain = 0;
    private const int PlainDictionary = 2;
    private const int DeltaLength = 6;
    private const int DeltaByteArray = 7;
    private const int RleDictionary = 8;

    private readonly ParquetReadBudget _budget;
    private string _name = string.Empty;
    private readonly Func<string, InvalidDataException> _corrupt;
    private byte[] _delta = [];
    private char[] _dictionary = [];
    private int[] _entryStarts = [];
    private int[] _entryLengths = [];
    private int _entries = -1;

    private int _encoding;
    private byte[] _data = [];
    private int _position;
    private int _end;
    private bool _ready;
    private readonly RleHybridReader _indices = new();
    private bool _zeroIndices;
    private DeltaBinaryPackedDecoder _lengths;
    private DeltaBinaryPackedDecoder _prefixes;
    private int _deltaLength;

    private int _entry;
    private byte[] _bytes = [];
    private int _start;
    private int _length;

    /// <summary>Initializes a new instance of the <see cref="ParquetValueDecoder"/> class; <paramref name="corrupt"/> words a damaged value.</summary>
    public ParquetValueDecoder(ParquetReadBudget budget, Func<string, InvalidDataException> corrupt)
    {
        _budget = budget;
        _corrupt = corrupt;
    }

    /// <summary>Starts on a new chunk of the column <paramref name="name"/>, keeping the buffers of the last one.</summary>
    public void Open(string name)
    {
        _name = name;
        _entries = -1;
        _entry = -1;
        _ready = false;
        _deltaLength = 0;
    }

    /// <summary>Decodes a dictionary page's entries to text, once for the chunk.</summary>
    public void LoadDictionary(in ParquetPage page)
    {
        var size = page.End;
        if (page.Encoding is not (Plain or PlainDictionary) || page.NumValues < 0 || page.NumValues > size / 4)
        {
            throw _corrupt($"the dictionary page declares {page.NumValues:N0} entries in {size:N0} bytes, encoding {page.Encoding}");
        }

        _dictionary = _budget.Grow(_dictionary, size, "a dictionary page");
        _entryStarts = _budget.Grow(_entryStarts, page.NumValues, "a dictionary page");
        _entryLengths = _budget.Grow(_entryLengths, page.NumValues, "a dictionary page");
        var data = page.Data;
        var position = 0;
        var chars = 0;
        for (var i = 0; i < page.NumValues; i++)
        {
            var length = PlainLength(data, ref position, size);
            var count = Encoding.UTF8.GetChars(data.AsSpan(position, length), _dictionary.AsSpan(chars));
            _entryStarts[i] = chars;
            _entryLengths[i] = count;
            chars += count;
            position += length;
        }

        _entries = page.NumValues;
    }

    /// <summary>Starts on a data page's values (read lazily: a page of nulls needs none).</summary>
    public void Begin(in ParquetPage page)
    {
        _encoding = page.Encoding;
        if (_encoding is not (Plain or PlainDictionary or RleDictionary or DeltaLength or DeltaByteArray))
        {
            throw new NotSupportedException($"column `{_name}` has a data page with encoding {_encoding}, which is not read");
        }

        _data = page.Data;
        _position = page.Start;
        _end = page.End;
        _ready = false;
    }

    /// <summary>Decodes the next value of the page.</summary>
    public void Read()
    {
        if (!_ready)
        {
            Prepare();
        }

        _entry = -1;
        switch (_encoding)
        {
            case Plain:
                _length = PlainLength(_data, ref _position, _end);
                _bytes = _data;
                _start = _position;
                _position += _length;
                break;
            case PlainDictionary or RleDictionary:
                _entry = _zeroIndices ? 0 : _indices.Next();
                if ((uint)_entry >= (uint)_entries)
                {
                    throw _corrupt(_entries < 0 ? "a dictionary-encoded page comes without a dictionary page" : $"a dictionary index of {_entry:N0} is past the {_entries:N0} entries");
                }

                break;
            case DeltaLength:
                _length = DeltaValueLength();
                _bytes = _data;
                _start = _position;
                _position += _length;
                break;
            default:
                var prefix = _prefixes.Next();
                if (prefix < 0 || prefix > _deltaLength)
                {
                    throw _corrupt($"a prefix of {prefix:N0} bytes is longer than the value before it");
                }

                var suffix = DeltaValueLength();
                _delta = _budget.Grow(_delta, prefix + suffix, "a DELTA_BYTE_ARRAY value", keep: true);
                _data.AsSpan(_position, suffix).CopyTo(_delta.AsSpan((int)prefix));
                _position += suffix;
                _deltaLength = (int)prefix + suffix;
                _bytes = _delta;
                _start = 0;
                _length = _deltaLength;
                break;
        }
    }

    /// <summary>Appends the value last read to <paramref name="row"/>.</summary>
    public void AppendTo(DataRow row)
    {
        if (_entry >= 0)
        {
            row.Append(_dictionary.AsSpan(_entryStarts[_entry], _entryLengths[_entry]));
        }
        else
        {
            row.AppendUtf8Widened(_bytes.AsSpan(_start, _length));
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _budget.Release(_delta);
        _budget.Release(_dictionary);
        _budget.Release(_entryStarts);
        _budget.Release(_entryLengths);
    }

    private void Prepare()
    {
        _ready = true;
        switch (_encoding)
        {
            case PlainDictionary or RleDictionary:
                if (_position >= _end)
                {
                    throw _corrupt("a dictionary-encoded page has no index bit width");
                }

                var width = _data[_position];
                _zeroIndices = width == 0;
                _indices.Start(new RleHybridDecoder(_data, _position + 1, _end, width));
                break;
            case DeltaLength:
                _lengths = new DeltaBinaryPackedDecoder(_data, _position, _end);
                _position = DeltaBinaryPackedDecoder.EndOf(_data, _position, _end);
                break;
            case DeltaByteArray:
                _prefixes = new DeltaBinaryPackedDecoder(_data, _position, _end);
                var suffixes = DeltaBinaryPackedDecoder.EndOf(_data, _position, _end);
                _lengths = new DeltaBinaryPackedDecoder(_data, suffixes, _end);
                _position = DeltaBinaryPackedDecoder.EndOf(_data, suffixes, _end);
                _deltaLength = 0;
                break;
        }
    }

    private int DeltaValueLength()
    {
        var length = _lengths.Next();
        return length >= 0 && length <= _end - _position
            ? (int)length
            : throw _corrupt($"a value of {length:N0} bytes runs past its page");
    }

    private int PlainLength(byte[] data, ref int position, int end)
    {
        var length = end - position >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(position)) : -1;
        if (length < 0 || length > end - position - 4)
        {
            throw _corrupt($"a PLAIN value of {length:N0} bytes runs past its page");
        }

        position += 4;
        return length;
    }
}
