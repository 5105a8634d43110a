using System.Globalization;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Reads the string columns of a Parquet file as rows: <see cref="ParquetFooterReader"/> reads and checks the footer (schema
/// and chunk offsets), and <see cref="ParquetColumnCursor"/> decodes the pages, one page per column at a time, straight into
/// the row as text. Flat columns become one row per record; each repeated (list) column then becomes one row per value, on
/// its record's row, which the detectors scan but the label statistics and the profile do not count as a record.
/// </summary>
internal static class ParquetRowReader
{
    /// <summary>Reads a Parquet file (the stream must be seekable).</summary>
    public static Task ReadAsync(Stream stream, DataRow row, Action<DataRow> onRow, long maxBytes, CancellationToken cancellationToken)
    {
        var metadata = ParquetFooterReader.Read(stream);
        var fields = ParquetStringFields.Find(metadata.Schema);
        var flat = fields.Where(f => f.MaxRepetition == 0).ToArray();
        var repeated = fields.Where(f => f.MaxRepetition > 0).ToArray();
        var budget = new ParquetReadBudget(maxBytes);

        // One cursor per flat column and one for the repeated columns (read one after another), each kept from row group to
        // row group so its page buffers are allocated once per file, not once per chunk.
        var cursors = new ParquetColumnCursor[flat.Length + 1];
        try
        {
            for (var c = 0; c < cursors.Length; c++)
            {
                cursors[c] = new ParquetColumnCursor(stream, budget, cancellationToken);
            }

            row.IsText = false;
            long index = 0;
            foreach (var group in metadata.RowGroups)
            {
                var chunks = Chunks(group);
                row.IsRecord = true;
                ReadFlat(stream, group.NumRows, chunks, flat, cursors, row, onRow, index, cancellationToken);
                row.IsRecord = false;
                var cursor = cursors[^1];
                foreach (var field in repeated)
                {
                    cursor.Open(Chunk(stream, chunks, field));
                    row.FieldNames = [field.Name];
                    var record = -1L;
                    while (cursor.MoveNext())
                    {
                        record += cursor.Repetition == 0 || record < 0 ? 1 : 0;
                        row.BeginFields(1, index + record);
                        cursor.AppendTo(row);
                        onRow(row);
                    }
                }

                index += group.NumRows;
            }
        }
        finally
        {
            foreach (var cursor in cursors)
            {
                cursor?.Dispose();
            }
        }

        return Task.CompletedTask;
    }

    private static void ReadFlat(Stream stream, long rows, Dictionary<string, ParquetColumnMetadata> chunks, ParquetStringField[] flat, ParquetColumnCursor[] cursors, DataRow row, Action<DataRow> onRow, long index, CancellationToken cancellationToken)
    {
        for (var c = 0; c < flat.Length; c++)
        {
            cursors[c].Open(Chunk(stream, chunks, flat[c]));
        }

        // A new list per row group, as before: the label statistics start again when the field list changes.
        row.FieldNames = [.. flat.Select(f => f.Name)];
        for (long r = 0; r < rows; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            row.BeginFields(1, index + r);
            for (var c = 0; c < flat.Length; c++)
            {
                var cursor = cursors[c];
                if (!cursor.MoveNext())
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"column `{flat[c].Name}` has fewer values than the {rows:N0} rows of its row group"));
                }

                cursor.AppendTo(row);
            }

            onRow(row);
        }
    }

    /// <summary>The group's chunks by path; a later chunk with the same path wins, as in Parquet.Net's lookup.</summary>
    private static Dictionary<string, ParquetColumnMetadata> Chunks(ParquetRowGroup group)
    {
        var chunks = new Dictionary<string, ParquetColumnMetadata>(group.Columns.Count, StringComparer.Ordinal);
        foreach (var column in group.Columns)
        {
            if (column is not null)
            {
                chunks[Key(column.Path.Where(p => p.Length > 0))] = column;
            }
        }

        return chunks;
    }

    private static string Key(IEnumerable<string> parts) => string.Join('\0', parts);

    private static ParquetColumnChunk Chunk(Stream stream, Dictionary<string, ParquetColumnMetadata> chunks, ParquetStringField field)
    {
        var name = field.Name;
        var meta = chunks.GetValueOrDefault(Key(field.Parts)) ?? throw new InvalidDataException($"column `{name}` has no chunk metadata in a row group");
        if (meta.Type != 6)
        {
            throw new NotSupportedException($"column `{name}` holds its strings as {ParquetColumnMetadata.TypeName(meta.Type)}, which is not read");
        }

        var codec = meta.Codec;
        if (!PageDecompressor.Supports(codec))
        {
            throw new NotSupportedException($"column `{name}` is {PageDecompressor.Name(codec)} compressed, which is not read");
        }

        var start = meta.DictionaryPageOffset is > 0 and var dictionary && dictionary < meta.DataPageOffset ? dictionary : meta.DataPageOffset;
        if (start < 4 || meta.TotalCompressedSize < 0 || meta.TotalCompressedSize > stream.Length - start || meta.NumValues < 0)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"column `{name}` declares {meta.TotalCompressedSize:N0} bytes at byte {start:N0} of a {stream.Length:N0}-byte file"));
        }

        return new ParquetColumnChunk(name, start, meta.TotalCompressedSize, meta.NumValues, codec, field.MaxDefinition, field.MaxRepetition);
    }
}
