using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Reads a Parquet footer (<c>FileMetaData</c>) once, with <see cref="ThriftCompactReader"/>: every list count is bounded by
/// the bytes left and by caps, and <see cref="ParquetFooterBounds"/> then checks every size, offset and count against the
/// file and the schema tree, so a hostile footer is <see cref="InvalidDataException"/> naming what is wrong before any page is read.
/// </summary>
internal sealed class ParquetFooterReader
{
    /// <summary>The longest footer (file metadata) that is read.</summary>
    public const int MaxFooterBytes = 64 * 1024 * 1024;

    /// <summary>The most schema elements a footer may declare.</summary>
    public const int MaxSchemaElements = 100_000;

    /// <summary>The most column chunks all row groups together may declare.</summary>
    public const int MaxColumnChunks = 1_000_000;

    /// <summary>The most row groups a footer may declare.</summary>
    public const int MaxRowGroups = 1_000_000;

    /// <summary>The most encodings one column chunk may list (there are ten).</summary>
    public const int MaxEncodings = 1024;

    /// <summary>The deepest a schema may nest groups.</summary>
    public const int MaxSchemaDepth = 64;

    // Compact-protocol types of the fields parquet.thrift defines, by field id (0: none), for the fields that are skipped.
    private const int TypeBool = 1, TypeI16 = 4, TypeI32 = 5, TypeI64 = 6, TypeBinary = 8, TypeList = 9, TypeStruct = 12;

    private static readonly (int Type, string Name)[] s_fileMetaData =
        [default, (TypeI32, "version"), (TypeList, "schema"), (TypeI64, "num_rows"), (TypeList, "row_groups"), (TypeList, "key_value_metadata"), (TypeBinary, "created_by"), (TypeList, "column_orders"), (TypeStruct, "encryption_algorithm"), (TypeBinary, "footer_signing_key_metadata")];

    private static readonly (int Type, string Name)[] s_schemaElement =
        [default, (TypeI32, "type"), (TypeI32, "type_length"), (TypeI32, "repetition_type"), (TypeBinary, "name"), (TypeI32, "num_children"), (TypeI32, "converted_type"), (TypeI32, "scale"), (TypeI32, "precision"), (TypeI32, "field_id"), (TypeStruct, "logicalType")];

    private static readonly (int Type, string Name)[] s_rowGroup =
        [default, (TypeList, "columns"), (TypeI64, "total_byte_size"), (TypeI64, "num_rows"), (TypeList, "sorting_columns"), (TypeI64, "file_offset"), (TypeI64, "total_compressed_size"), (TypeI16, "ordinal")];

    private static readonly (int Type, string Name)[] s_columnChunk =
        [default, (TypeBinary, "file_path"), (TypeI64, "file_offset"), (TypeStruct, "meta_data"), (TypeI64, "offset_index_offset"), (TypeI32, "offset_index_length"), (TypeI64, "column_index_offset"), (TypeI32, "column_index_length"), (TypeStruct, "crypto_metadata"), (TypeBinary, "encrypted_column_metadata")];

    private static readonly (int Type, string Name)[] s_columnMetaData =
        [default, (TypeI32, "type"), (TypeList, "encodings"), (TypeList, "path_in_schema"), (TypeI32, "codec"), (TypeI64, "num_values"), (TypeI64, "total_uncompressed_size"), (TypeI64, "total_compressed_size"), (TypeList, "key_value_metadata"), (TypeI64, "data_page_offset"), (TypeI64, "index_page_offset"), (TypeI64, "dictionary_page_offset"), (TypeStruct, "statistics"), (TypeList, "encoding_stats"), (TypeI64, "bloom_filter_offset"), (TypeI32, "bloom_filter_length"), (TypeStruct, "size_statistics"), (TypeStruct, "geospatial_statistics")];

    private static readonly (int Type, string Name)[] s_statistics =
        [default, (TypeBinary, "statistics.max"), (TypeBinary, "statistics.min"), (TypeI64, "statistics.null_count"), (TypeI64, "statistics.distinct_count"), (TypeBinary, "statistics.max_value"), (TypeBinary, "statistics.min_value"), (TypeBool, "statistics.is_max_value_exact"), (TypeBool, "statistics.is_min_value_exact")];

    private static readonly byte[] s_magic = "PAR1"u8.ToArray();

    private readonly byte[] _data;
    private readonly int _end;
    private int _position;
    private int _chunks;

    // A field of the wrong thrift type is skipped and reported after the walk, so a damaged footer is named by the first
    // structural fault in byte order, as the walk before this reader named it.
    private string? _wrongType;

    private ParquetFooterReader(byte[] data)
    {
        _data = data;
        _end = data.Length;
    }

    /// <summary>Reads and checks the footer of the Parquet file in <paramref name="stream"/> (seekable).</summary>
    public static ParquetFileMetadata Read(Stream stream)
    {
        var length = stream.Length;
        if (length < 12)
        {
            // Parquet.Net's words, so the finding (and its fingerprint in baselines) stays what it was.
            throw new IOException("not a Parquet file (size too small)");
        }

        Span<byte> tail = stackalloc byte[8];
        stream.Position = length - 8;
        stream.ReadExactly(tail);
        var footer = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footer <= 0 || footer > length - 12 || footer > MaxFooterBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the footer declares {footer:N0} bytes in a {length:N0}-byte file (at most {MaxFooterBytes >> 20} MiB is read)"));
        }

        var data = new byte[footer];
        stream.Position = length - 8 - footer;
        stream.ReadExactly(data);
        var reader = new ParquetFooterReader(data);
        RawFooter raw;
        try
        {
            raw = reader.FileMetaData();
            if (reader._wrongType is { } wrong)
            {
                throw new InvalidDataException(wrong);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"the footer is not valid thrift metadata: {ex.Message}", ex);
        }

        CheckMagic(stream, tail[4..]);
        var metadata = new ParquetFileMetadata(raw.Schema, raw.RowGroups, raw.NumRows, raw.KeyValues);
        ParquetFooterBounds.Check(metadata, length - 8 - footer);
        return metadata;
    }

    private static void CheckMagic(Stream stream, ReadOnlySpan<byte> tail)
    {
        var head = new byte[4];
        stream.Position = 0;
        stream.ReadExactly(head);
        if (!head.AsSpan().SequenceEqual(s_magic) || !tail.SequenceEqual(s_magic))
        {
            // Parquet.Net's words, as above.
            throw new IOException($"not a parquet file, head: {Convert.ToHexString(head)}, tail: {Convert.ToHexString(tail)}");
        }
    }

    private RawFooter FileMetaData()
    {
        var footer = new RawFooter();
        short last = 0;
        while (Field(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 2 when Is(type, TypeList, "schema"):
                    footer.Schema = List(MaxSchemaElements, "schema elements", SchemaElement);
                    break;
                case 3 when Is(type, TypeI64, "num_rows"):
                    footer.NumRows = I64();
                    break;
                case 4 when Is(type, TypeList, "row_groups"):
                    footer.RowGroups = List(MaxRowGroups, "row groups", RowGroup);
                    break;
                case 5 when Is(type, TypeList, "key_value_metadata"):
                    footer.KeyValues = KeyValues(2);
                    break;
                default:
                    Other(s_fileMetaData, id, type, 1);
                    break;
            }
        }

        return footer;
    }

    private ParquetSchemaElement SchemaElement()
    {
        string name = string.Empty;
        int? physical = null, repetition = null, children = null, converted = null;
        var logical = 0;
        short last = 0;
        while (Field(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when Is(type, TypeI32, "type"):
                    physical = I32();
                    break;
                case 3 when Is(type, TypeI32, "repetition_type"):
                    repetition = I32();
                    break;
                case 4 when Is(type, TypeBinary, "name"):
                    name = String();
                    break;
                case 5 when Is(type, TypeI32, "num_children"):
                    children = I32();
                    break;
                case 6 when Is(type, TypeI32, "converted_type"):
                    converted = I32();
                    break;
                case 10 when Is(type, TypeStruct, "logicalType"):
                    logical = LogicalType();
                    break;
                default:
                    Other(s_schemaElement, id, type, 3);
                    break;
            }
        }

        return new ParquetSchemaElement(name, physical, repetition, children, converted, logical);
    }

    /// <summary>Reads the LogicalType union; returns the id of its member (the last, if a damaged union holds several).</summary>
    private int LogicalType()
    {
        var member = 0;
        short last = 0;
        while (Field(ref last, out var id, out var type))
        {
            if (type == ThriftCompactReader.TypeStruct)
            {
                member = id;
            }

            Skip(type, 4);
        }

        return member;
    }

    private ParquetRowGroup RowGroup()
    {
        IReadOnlyList<ParquetColumnMetadata?> columns = [];
        long rows = 0;
        short last = 0;
        while (Field(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when Is(type, TypeList, "columns"):
                    columns = List(MaxColumnChunks - _chunks, "column chunks", ColumnChunk);
                    _chunks += columns.Count;
                    break;
                case 3 when Is(type, TypeI64, "num_rows"):
                    rows = I64();
                    break;
                default:
                    Other(s_rowGroup, id, type, 3);
                    break;
            }
        }

        return new ParquetRowGroup(columns, rows);
    }

    private ParquetColumnMetadata? ColumnChunk()
    {
        ParquetColumnMetadata? metadata = null;
        short last = 0;
        while (Field(ref last, out var id, out var type))
        {
            if (id == 3 && Is(type, TypeStruct, "meta_data"))
            {
                metadata = ColumnMetaData();
            }
            else
            {
                Other(s_columnChunk, id, type, 5);
            }
        }

        return metadata;
    }

    private ParquetColumnMetadata ColumnMetaData()
    {
        int physical = 0, codec = 0, keyValues = 0;
        int[] encodings = [];
        string[] path = [];
        long values = 0, uncompressed = 0, compressed = 0, dataPage = 0;
        long? indexPage = null, dictionaryPage = null;
        short last = 0;
        while (Field(ref last, out var id, out var type))
        {
            switch (id)
            {
                case 1 when Is(type, TypeI32, "type"):
                    physical = I32();
                    break;
                case 2 when Is(type, TypeList, "encodings"):
                    encodings = [.. List(MaxEncodings, "encodings", I32)];
                    break;
                case 3 when Is(type, TypeList, "path_in_schema"):
                    path = [.. List(MaxSchemaDepth * 2, "path parts", String)];
                    break;
                case 4 when Is(type, TypeI32, "codec"):
                    codec = I32();
                    break;
                case 5 when Is(type, TypeI64, "num_values"):
                    values = I64();
                    break;
                case 6 when Is(type, TypeI64, "total_uncompressed_size"):
                    uncompressed = I64();
                    break;
                case 7 when Is(type, TypeI64, "total_compressed_size"):
                    compressed = I64();
                    break;
                case 8 when Is(type, TypeList, "key_value_metadata"):
                    keyValues = KeyValues(7);
                    break;
                case 9 when Is(type, TypeI64, "data_page_offset"):
                    dataPage = I64();
                    break;
                case 10 when Is(type, TypeI64, "index_page_offset"):
                    indexPage = I64();
                    break;
                case 11 when Is(type, TypeI64, "dictionary_page_offset"):
                    dictionaryPage = I64();
                    break;
                case 12 when Is(type, TypeStruct, "statistics"):
                    Statistics();
                    break;
                default:
                    Other(s_columnMetaData, id, type, 6);
                    break;
            }
        }

        return new ParquetColumnMetadata(physical, encodings, path, codec, values, uncompressed, compressed, dataPage, indexPage, dictionaryPage, keyValues);
    }

    /// <summary>Walks a chunk's statistics (not used) for their field types: min and max values that are not binary are a damaged footer.</summary>
    private void Statistics()
    {
        short last = 0;
        while (Field(ref last, out var id, out var type))
        {
            Other(s_statistics, id, type, 7);
        }
    }

    /// <summary>Skips a field that is not used, checking first that a field the format defines has its type.</summary>
    private void Other((int Type, string Name)[] fields, short id, int type, int depth)
    {
        if (id > 0 && id < fields.Length && fields[id].Type != 0)
        {
            Is(type, fields[id].Type, fields[id].Name);
        }

        Skip(type, depth);
    }

    /// <summary>Reads a list of KeyValue structs for their bounds; returns how many there are.</summary>
    private int KeyValues(int depth)
    {
        var count = ListHeader(int.MaxValue, "key-value entries", ThriftCompactReader.TypeStruct);
        for (var i = 0; i < count; i++)
        {
            Skip(ThriftCompactReader.TypeStruct, depth);
        }

        return count;
    }

    private List<T> List<T>(int max, string what, Func<T> element)
    {
        var count = ListHeader(max, what, typeof(T) == typeof(int) ? 5 : typeof(T) == typeof(string) ? 8 : ThriftCompactReader.TypeStruct);
        var list = new List<T>(Math.Min(count, 1024));
        for (var i = 0; i < count; i++)
        {
            list.Add(element());
        }

        return list;
    }

    private int ListHeader(int max, string what, int elementType)
    {
        var count = ThriftCompactReader.ReadListHeader(_data, ref _position, _end, out var type);
        if (count > max)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"the footer declares {count:N0} {what}, more than the {max:N0} that are read"));
        }

        // Parquet.Net reads the elements as their field says whatever the header's type; a wrong type here is a damaged list.
        if (count > 0 && type != elementType)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a list of {what} holds thrift type {type}"));
        }

        return count;
    }

    private bool Field(ref short last, out short id, out int type) => ThriftCompactReader.ReadField(_data, ref _position, _end, ref last, out id, out type);

    /// <summary>Returns whether a known field has its expected thrift type; a field that does not is skipped and reported after the walk.</summary>
    private bool Is(int type, int expected, string field)
    {
        if (type == expected || (expected == TypeBool && type == 2))
        {
            return true;
        }

        _wrongType ??= $"the field `{field}` has thrift type {type} where {expected} is expected";
        return false;
    }

    private int I32() => ThriftCompactReader.ReadI32(_data, ref _position, _end);

    private long I64() => ThriftCompactReader.ReadI64(_data, ref _position, _end);

    private string String()
    {
        var start = ThriftCompactReader.ReadBinary(_data, ref _position, _end, out var length);
        return Encoding.UTF8.GetString(_data, start, length);
    }

    private void Skip(int type, int depth = 1) => ThriftCompactReader.Skip(_data, ref _position, _end, type, depth);

    private sealed class RawFooter
    {
        public IReadOnlyList<ParquetSchemaElement> Schema { get; set; } = [];

        public IReadOnlyList<ParquetRowGroup> RowGroups { get; set; } = [];

        public long NumRows { get; set; }

        public int KeyValues { get; set; }
    }
}
