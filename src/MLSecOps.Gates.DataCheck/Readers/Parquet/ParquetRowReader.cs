using System.Buffers.Binary;
using System.Globalization;
using MLSecOps.Gates.DataCheck.Scanning;
using Parquet;
using Parquet.Schema;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Reads the string columns of a Parquet file as rows: Parquet.Net reads only the footer (schema and chunk offsets), and
/// <see cref="ParquetColumnCursor"/> decodes the pages, one page per column at a time, straight into the row as text.
/// Flat columns become one row per record; each repeated (list) column then becomes one row per value, on its record's row,
/// which the detectors scan but the label statistics and the profile do not count as a record.
/// </summary>
internal static class ParquetRowReader
{
    /// <summary>The longest footer (file metadata) that is read.</summary>
    private const int MaxFooterBytes = 64 * 1024 * 1024;

    // Parquet.Net keeps freed buffers in a RecyclableMemoryStream pool that is unbounded unless told otherwise.
    private const int MaxPooledFreeBytes = 32 * 1024 * 1024;

    /// <summary>Reads a Parquet file (the stream must be seekable).</summary>
    public static async Task ReadAsync(Stream stream, DataRow row, Action<DataRow> onRow, long maxBytes, CancellationToken cancellationToken)
    {
        CheckFooter(stream);
        var options = new ParquetOptions { MaximumSmallPoolFreeBytes = MaxPooledFreeBytes, MaximumLargePoolFreeBytes = MaxPooledFreeBytes };
        var reader = await ParquetReader.CreateAsync(stream, options, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields().Where(f => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>)).ToArray();
        var flat = fields.Where(f => f.MaxRepetitionLevel == 0).ToArray();
        var repeated = fields.Where(f => f.MaxRepetitionLevel > 0).ToArray();
        var budget = new ParquetReadBudget(maxBytes);
        row.IsText = false;
        long index = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var rows = group.RowCount >= 0 ? group.RowCount : throw new InvalidDataException($"row group {g} declares {group.RowCount} rows");
            row.IsRecord = true;
            ReadFlat(stream, group, flat, budget, row, onRow, index, cancellationToken);
            row.IsRecord = false;
            foreach (var field in repeated)
            {
                using var cursor = new ParquetColumnCursor(stream, Chunk(stream, group, field), budget, cancellationToken);
                row.FieldNames = [field.Path.ToString()];
                var record = -1L;
                while (cursor.MoveNext())
                {
                    record += cursor.Repetition == 0 || record < 0 ? 1 : 0;
                    row.BeginFields(1, index + record);
                    cursor.AppendTo(row);
                    onRow(row);
                }
            }

            index += rows;
        }
    }

    private static void ReadFlat(Stream stream, ParquetRowGroupReader group, DataField[] flat, ParquetReadBudget budget, DataRow row, Action<DataRow> onRow, long index, CancellationToken cancellationToken)
    {
        var cursors = new List<ParquetColumnCursor>(flat.Length);
        try
        {
            foreach (var field in flat)
            {
                cursors.Add(new ParquetColumnCursor(stream, Chunk(stream, group, field), budget, cancellationToken));
            }

            // A new list per row group, as before: the label statistics start again when the field list changes.
            row.FieldNames = [.. flat.Select(f => f.Path.ToString())];
            for (long r = 0; r < group.RowCount; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                row.BeginFields(1, index + r);
                for (var c = 0; c < cursors.Count; c++)
                {
                    if (!cursors[c].MoveNext())
                    {
                        throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"column `{flat[c].Path}` has fewer values than the {group.RowCount:N0} rows of its row group"));
                    }

                    cursors[c].AppendTo(row);
                }

                onRow(row);
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor.Dispose();
            }
        }
    }

    private static ParquetColumnChunk Chunk(Stream stream, ParquetRowGroupReader group, DataField field)
    {
        var name = field.Path.ToString();
        var meta = group.GetMetadata(field)?.MetaData ?? throw new InvalidDataException($"column `{name}` has no chunk metadata in a row group");
        if (meta.Type != global::Parquet.Meta.Type.BYTE_ARRAY)
        {
            throw new NotSupportedException($"column `{name}` holds its strings as {meta.Type}, which is not read");
        }

        var codec = (int)meta.Codec;
        if (!PageDecompressor.Supports(codec))
        {
            throw new NotSupportedException($"column `{name}` is {PageDecompressor.Name(codec)} compressed, which is not read");
        }

        var start = meta.DictionaryPageOffset is > 0 and var dictionary && dictionary < meta.DataPageOffset ? dictionary : meta.DataPageOffset;
        if (start < 4 || meta.TotalCompressedSize < 0 || meta.TotalCompressedSize > stream.Length - start || meta.NumValues < 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"column `{name}` declares {meta.TotalCompressedSize:N0} bytes at byte {start:N0} of a {stream.Length:N0}-byte file"));
        }

        return new ParquetColumnChunk(name, start, meta.TotalCompressedSize, meta.NumValues, codec, field.MaxDefinitionLevel, field.MaxRepetitionLevel);
    }

    /// <summary>Checks the declared footer length against the file before Parquet.Net reads it.</summary>
    private static void CheckFooter(Stream stream)
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

        // Parquet.Net's thrift reader spins forever, ignoring the token, on some damaged footers (fuzz: tests/fixtures/fuzz/parquet):
        // the footer must first be well-formed compact thrift, walked bounded (every element takes a byte, depth is capped).
        var metadata = new byte[footer];
        stream.Position = length - 8 - footer;
        stream.ReadExactly(metadata);
        var position = 0;
        try
        {
            ThriftCompactReader.Skip(metadata, ref position, metadata.Length, ThriftCompactReader.TypeStruct);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw new InvalidDataException($"the footer is not valid thrift metadata: {ex.Message}", ex);
        }

        stream.Position = 0;
    }
}
