using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using MLSecOps.Gates.DataCheck.Scanning;
using Parquet;

namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>Reads the string columns of Parquet (Parquet.Net) and Arrow IPC files (Apache.Arrow) as rows; repeated fields become one row per value.</summary>
internal static class ColumnarReader
{
    // Parquet.Net keeps freed page buffers in a RecyclableMemoryStream pool that is unbounded unless told otherwise.
    private const int MaxPooledFreeBytes = 32 * 1024 * 1024;

    /// <summary>Reads a Parquet file (the stream must be seekable).</summary>
    public static async Task ReadParquetAsync(Stream stream, DataRow row, Action<DataRow> onRow, CancellationToken cancellationToken)
    {
        var options = new ParquetOptions { MaximumSmallPoolFreeBytes = MaxPooledFreeBytes, MaximumLargePoolFreeBytes = MaxPooledFreeBytes };
        var reader = await ParquetReader.CreateAsync(stream, options, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields().Where(f => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>)).ToArray();
        var flat = fields.Where(f => f.MaxRepetitionLevel == 0).ToArray();
        var repeated = fields.Where(f => f.MaxRepetitionLevel > 0).ToArray();
        row.IsText = false;
        long index = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var columns = new ReadOnlyMemory<char>[flat.Length][];
            for (var f = 0; f < flat.Length; f++)
            {
                columns[f] = await ReadStringsAsync(group, flat[f], cancellationToken).ConfigureAwait(false);
            }

            row.FieldNames = [.. flat.Select(f => f.Path.ToString())];
            for (var r = 0; r < group.RowCount; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                row.BeginFields(1, index + r);
                foreach (var column in columns)
                {
                    row.Append(r < column.Length ? column[r].Span : []);
                }

                onRow(row);
            }

            foreach (var field in repeated)
            {
                var values = new string?[Math.Min(group.GetMetadata(field)?.MetaData?.NumValues ?? 0, 50_000_000)];
                var levels = new int[values.Length];
                await group.ReadAsync(field, values.AsMemory()!, levels.AsMemory(), cancellationToken).ConfigureAwait(false);
                row.FieldNames = [field.Path.ToString()];
                for (var v = 0; v < values.Length; v++)
                {
                    row.BeginFields(1, index + v);
                    row.Append(values[v]);
                    onRow(row);
                }
            }

            index += group.RowCount;
        }
    }

    /// <summary>
    /// Reads a flat string column as one slice of the decoded pages per row (empty for a null), not as one string per value:
    /// the strings cost more than the scan.
    /// </summary>
    private static async Task<ReadOnlyMemory<char>[]> ReadStringsAsync(ParquetRowGroupReader group, Parquet.Schema.DataField field, CancellationToken cancellationToken)
    {
        var rows = (int)group.RowCount;
        var values = new ReadOnlyMemory<char>[rows];
        var levels = new int[field.MaxDefinitionLevel > 0 ? rows : 0];
        await group.ReadRawAsync(field, values.AsMemory(), field.MaxDefinitionLevel > 0 ? levels.AsMemory() : null, null, cancellationToken).ConfigureAwait(false);
        if (levels.Length > 0)
        {
            // Raw values are only the non-null ones, in order: spread them back over their rows.
            var present = 0;
            for (var r = 0; r < rows; r++)
            {
                present += levels[r] == field.MaxDefinitionLevel ? 1 : 0;
            }

            for (int r = rows - 1, v = present - 1; r >= 0; r--)
            {
                values[r] = levels[r] == field.MaxDefinitionLevel ? values[v--] : ReadOnlyMemory<char>.Empty;
            }
        }

        return values;
    }

    /// <summary>Reads an Arrow IPC file or stream.</summary>
    public static async Task ReadArrowAsync(Stream stream, bool isFile, DataRow row, Action<DataRow> onRow, CancellationToken cancellationToken)
    {
        ArrowMessageBounds.Check(stream, isFile);
        using var reader = isFile ? new ArrowFileReader(stream, leaveOpen: true) : new ArrowStreamReader(stream, leaveOpen: true);
        row.IsText = false;
        long index = 0;
        var chars = new char[1024];
        while (await reader.ReadNextRecordBatchAsync(cancellationToken).ConfigureAwait(false) is { } batch)
        {
            using (batch)
            {
                var columns = Enumerable.Range(0, batch.ColumnCount).Where(c => batch.Column(c) is StringArray or LargeStringArray).ToArray();
                row.FieldNames = [.. columns.Select(c => batch.Schema.GetFieldByIndex(c).Name)];
                for (var r = 0; r < batch.Length; r++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    row.BeginFields(1, index + r);
                    foreach (var c in columns)
                    {
                        // A string column's UTF-8 is decoded into one reused buffer, not into a string per value.
                        row.Append(batch.Column(c) switch
                        {
                            StringArray s => Decode(s.GetBytes(r, out _), ref chars),
                            LargeStringArray l => l.GetString(r),
                            _ => null,
                        });
                    }

                    onRow(row);
                }

                index += batch.Length;
            }
        }
    }

    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> utf8, ref char[] chars)
    {
        var most = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (chars.Length < most)
        {
            chars = new char[Math.Max(most, chars.Length * 2)];
        }

        return chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, chars));
    }
}
