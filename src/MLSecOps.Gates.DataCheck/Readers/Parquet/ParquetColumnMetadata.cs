namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>One Parquet <c>ColumnMetaData</c>: where a column chunk lies in the file and how it is written.</summary>
/// <param name="Type">The physical type.</param>
/// <param name="Encodings">The encodings its pages use.</param>
/// <param name="Path">The column's path in the schema.</param>
/// <param name="Codec">The compression codec.</param>
/// <param name="NumValues">The number of slots (values and nulls).</param>
/// <param name="TotalUncompressedSize">Its size once decompressed, page headers included.</param>
/// <param name="TotalCompressedSize">Its size in the file.</param>
/// <param name="DataPageOffset">The offset of its first data page.</param>
/// <param name="IndexPageOffset">The offset of its index page, if any.</param>
/// <param name="DictionaryPageOffset">The offset of its dictionary page, if any.</param>
/// <param name="KeyValueCount">The number of key-value metadata entries (read for their bounds, not used).</param>
internal sealed record ParquetColumnMetadata(
    int Type,
    int[] Encodings,
    string[] Path,
    int Codec,
    long NumValues,
    long TotalUncompressedSize,
    long TotalCompressedSize,
    long DataPageOffset,
    long? IndexPageOffset,
    long? DictionaryPageOffset,
    int KeyValueCount)
{
    /// <summary>Gets the name of a Parquet physical type, for messages.</summary>
    public static string TypeName(int type) => type switch
    {
        0 => "BOOLEAN",
        1 => "INT32",
        2 => "INT64",
        3 => "INT96",
        4 => "FLOAT",
        5 => "DOUBLE",
        6 => "BYTE_ARRAY",
        7 => "FIXED_LEN_BYTE_ARRAY",
        _ => type.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
