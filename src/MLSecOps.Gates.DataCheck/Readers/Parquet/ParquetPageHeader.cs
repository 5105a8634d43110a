namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>The fields of a Parquet <c>PageHeader</c> the string decoder uses (data pages v1 and v2 and dictionary pages).</summary>
internal readonly record struct ParquetPageHeader
{
    /// <summary>Page type: data page.</summary>
    public const int DataPage = 0;

    /// <summary>Page type: index page (skipped).</summary>
    public const int IndexPage = 1;

    /// <summary>Page type: dictionary page.</summary>
    public const int DictionaryPage = 2;

    /// <summary>Page type: data page v2.</summary>
    public const int DataPageV2 = 3;

    /// <summary>Gets the page type.</summary>
    public int Type { get; init; }

    /// <summary>Gets the size of the page after decompression.</summary>
    public int UncompressedSize { get; init; }

    /// <summary>Gets the size of the page in the file.</summary>
    public int CompressedSize { get; init; }

    /// <summary>Gets the number of values (level slots, nulls included) or dictionary entries.</summary>
    public int NumValues { get; init; }

    /// <summary>Gets the encoding of the values.</summary>
    public int Encoding { get; init; }

    /// <summary>Gets the encoding of the definition levels (v1).</summary>
    public int DefinitionEncoding { get; init; }

    /// <summary>Gets the encoding of the repetition levels (v1).</summary>
    public int RepetitionEncoding { get; init; }

    /// <summary>Gets the byte length of the definition levels (v2).</summary>
    public int DefinitionLength { get; init; }

    /// <summary>Gets the byte length of the repetition levels (v2).</summary>
    public int RepetitionLength { get; init; }

    /// <summary>Gets a value indicating whether a v2 page's values are compressed (the default).</summary>
    public bool IsCompressed { get; init; }

    /// <summary>Parses a page header from <c>data[0..end)</c>; returns it and its length in bytes.</summary>
    public static (ParquetPageHeader Header, int Length) Parse(byte[] data, int end)
    {
        var position = 0;
        var header = new ParquetPageHeader { Type = -1, IsCompressed = true };
        short last = 0;
        while (ThriftCompactReader.ReadField(data, ref position, end, ref last, out var id, out var type))
        {
            header = (id, type) switch
            {
                (1, 5) => header with { Type = ThriftCompactReader.ReadI32(data, ref position, end) },
                (2, 5) => header with { UncompressedSize = ThriftCompactReader.ReadI32(data, ref position, end) },
                (3, 5) => header with { CompressedSize = ThriftCompactReader.ReadI32(data, ref position, end) },
                (5 or 7 or 8, ThriftCompactReader.TypeStruct) => ReadInner(header, id, data, ref position, end),
                _ => Skipped(header, data, ref position, end, type),
            };
        }

        return (header, position);
    }

    private static ParquetPageHeader ReadInner(ParquetPageHeader header, short outer, byte[] data, ref int position, int end)
    {
        short last = 0;
        while (ThriftCompactReader.ReadField(data, ref position, end, ref last, out var id, out var type))
        {
            if (type is 1 or 2 && outer == 8 && id == 7)
            {
                header = header with { IsCompressed = ThriftCompactReader.Boolean(type) };
                continue;
            }

            if (type != 5 || id > 6 || (outer == 7 && id > 2))
            {
                ThriftCompactReader.Skip(data, ref position, end, type, 1);
                continue;
            }

            var value = ThriftCompactReader.ReadI32(data, ref position, end);
            header = (outer, id) switch
            {
                (5 or 7, 1) or (8, 1) => header with { NumValues = value },
                (5 or 7, 2) or (8, 4) => header with { Encoding = value },
                (5, 3) => header with { DefinitionEncoding = value },
                (5, 4) => header with { RepetitionEncoding = value },
                (8, 5) => header with { DefinitionLength = value },
                (8, 6) => header with { RepetitionLength = value },
                _ => header,
            };
        }

        return header;
    }

    private static ParquetPageHeader Skipped(ParquetPageHeader header, byte[] data, ref int position, int end, int type)
    {
        ThriftCompactReader.Skip(data, ref position, end, type);
        return header;
    }
}
