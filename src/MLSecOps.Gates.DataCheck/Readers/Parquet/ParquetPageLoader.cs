using System.Buffers.Binary;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Loads the pages of one column chunk in file order: reads each page header, checks its sizes against the chunk and
/// <see cref="ParquetReadBudget"/>, decompresses it into a buffer kept for the next page, and splits a data page (v1 or v2)
/// into its repetition levels, definition levels and value bytes, which <see cref="ParquetValueDecoder"/> decodes.
/// </summary>
internal sealed class ParquetPageLoader : IDisposable
{
    private const int Rle = 3;

    private readonly Stream _stream;
    private readonly ParquetReadBudget _budget;
    private readonly PageDecompressor _decompressor = new();
    private readonly Func<string, InvalidDataException> _corrupt;
    private readonly CancellationToken _cancellationToken;
    private string _name = string.Empty;
    private int _codec;
    private int _maxDefinition;
    private int _maxRepetition;
    private long _end;
    private long _position;
    private bool _dictionary;
    private byte[] _header = new byte[256];
    private byte[] _raw = [];
    private byte[] _page = [];

    /// <summary>Initializes a new instance of the <see cref="ParquetPageLoader"/> class; <paramref name="corrupt"/> words a damaged page.</summary>
    public ParquetPageLoader(Stream stream, ParquetReadBudget budget, Func<string, InvalidDataException> corrupt, CancellationToken cancellationToken)
    {
        _stream = stream;
        _budget = budget;
        _corrupt = corrupt;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Starts on the chunk at <c>[start, start + size)</c>, keeping the buffers (and their size) of the last chunk.</summary>
    public void Open(ParquetColumnChunk chunk)
    {
        _name = chunk.Name;
        _codec = chunk.Codec;
        _maxDefinition = chunk.MaxDefinition;
        _maxRepetition = chunk.MaxRepetition;
        _position = chunk.Start;
        _end = chunk.Start + chunk.Size;
        _dictionary = false;
    }

    /// <summary>Gets a value indicating whether the chunk's bytes are all read.</summary>
    public bool AtEnd => _position >= _end;

    /// <summary>Loads the next page; returns false for an index page, which holds nothing to decode.</summary>
    public bool TryNext(out ParquetPage page)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var (header, headerLength) = ReadHeader();
        var start = _position + headerLength;
        if (header.CompressedSize < 0 || header.CompressedSize > _end - start || header.UncompressedSize < 0)
        {
            throw _corrupt($"the page at byte {_position:N0} declares {header.CompressedSize:N0} bytes ({header.UncompressedSize:N0} uncompressed) where the chunk has {_end - start:N0} left");
        }

        _position = start + header.CompressedSize;
        switch (header.Type)
        {
            case ParquetPageHeader.DictionaryPage:
                page = LoadDictionary(header, start);
                return true;
            case ParquetPageHeader.DataPage:
                page = LoadPage(header, start);
                return true;
            case ParquetPageHeader.DataPageV2:
                page = LoadPageV2(header, start);
                return true;
            case ParquetPageHeader.IndexPage:
                page = default;
                return false;
            default:
                throw _corrupt($"the page at byte {start - headerLength:N0} has unknown type {header.Type}");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _decompressor.Dispose();
        _budget.Release(_raw);
        _budget.Release(_page);
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
                throw _corrupt($"the page header at byte {_position:N0} is damaged ({ex.Message})");
            }
        }
    }

    private ParquetPage LoadDictionary(ParquetPageHeader header, long start)
    {
        if (_dictionary)
        {
            throw _corrupt("the chunk has a second dictionary page");
        }

        _dictionary = true;
        var size = Decompress(start, header.CompressedSize, header.UncompressedSize);
        return new ParquetPage(true, header.NumValues, header.Encoding, _page, 0, size, default, default);
    }

    private ParquetPage LoadPage(ParquetPageHeader header, long start)
    {
        var size = Decompress(start, header.CompressedSize, header.UncompressedSize);
        var position = 0;
        var repetitions = _maxRepetition > 0 ? Levels(header.RepetitionEncoding, _maxRepetition, ref position, size) : default;
        var definitions = _maxDefinition > 0 ? Levels(header.DefinitionEncoding, _maxDefinition, ref position, size) : default;
        return new ParquetPage(false, header.NumValues, header.Encoding, _page, position, size, repetitions, definitions);
    }

    private ParquetPage LoadPageV2(ParquetPageHeader header, long start)
    {
        var levels = (long)header.RepetitionLength + header.DefinitionLength;
        if (header.RepetitionLength < 0 || header.DefinitionLength < 0 || levels > header.CompressedSize || levels > header.UncompressedSize)
        {
            throw _corrupt($"the v2 page at byte {start:N0} declares {levels:N0} bytes of levels in {header.CompressedSize:N0}");
        }

        _raw = _budget.Grow(_raw, header.CompressedSize, "a data page");
        ReadAt(start, _raw, header.CompressedSize);
        _budget.Read(header.UncompressedSize);
        var repetitions = new RleHybridDecoder(_raw, 0, header.RepetitionLength, BitWidth(_maxRepetition));
        var definitions = new RleHybridDecoder(_raw, header.RepetitionLength, (int)levels, BitWidth(_maxDefinition));
        if (!header.IsCompressed || _codec == 0)
        {
            if (header.CompressedSize != header.UncompressedSize)
            {
                throw _corrupt($"the uncompressed v2 page at byte {start:N0} is {header.CompressedSize:N0} bytes where its header says {header.UncompressedSize:N0}");
            }

            return new ParquetPage(false, header.NumValues, header.Encoding, _raw, (int)levels, header.CompressedSize, repetitions, definitions);
        }

        var size = header.UncompressedSize - (int)levels;
        _page = _budget.Grow(_page, size, "a data page");
        _decompressor.Decompress(_codec, _raw, (int)levels, header.CompressedSize - (int)levels, _page.AsMemory(0, size));
        return new ParquetPage(false, header.NumValues, header.Encoding, _page, 0, size, repetitions, definitions);
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
            throw _corrupt($"levels of {length:N0} bytes run past their page");
        }

        var decoder = new RleHybridDecoder(_page, position + 4, position + 4 + length, BitWidth(maxLevel));
        position += 4 + length;
        return decoder;
    }

    private int Decompress(long start, int compressed, int uncompressed)
    {
        _raw = _budget.Grow(_raw, compressed, "a page");
        _page = _budget.Grow(_page, uncompressed, "a page");
        ReadAt(start, _raw, compressed);
        _budget.Read(uncompressed);
        _decompressor.Decompress(_codec, _raw, 0, compressed, _page.AsMemory(0, uncompressed));
        return uncompressed;
    }

    private void ReadAt(long offset, byte[] buffer, int count)
    {
        _stream.Position = offset;
        _stream.ReadExactly(buffer, 0, count);
    }

    private static int BitWidth(int maxLevel) => maxLevel == 0 ? 0 : 32 - int.LeadingZeroCount(maxLevel);
}
