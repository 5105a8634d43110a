using Apache.Arrow;
using Apache.Arrow.Ipc;
using MLSecOps.Gates.DataCheck.Scanning;
using Parquet;

namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>Reads the string columns of Parquet (Parquet.Net) and Arrow IPC files (Apache.Arrow) as rows; repeated fields become one row per value.</summary>
internal static class ColumnarReader
{
    /// <summary>Reads a Parquet file (the stream must be seekable).</summary>
    public static async Task ReadParquetAsync(Stream stream, DataRow row, Action<DataRow> onRow, CancellationToken cancellationToken)
    {
        var reader = await ParquetReader.CreateAsync(stream, null, leaveStreamOpen: true, cancellationToken).ConfigureAwait(false);
        await using var readerScope = reader.ConfigureAwait(false);
        var fields = reader.Schema.GetDataFields().Where(f => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>)).ToArray();
        var flat = fields.Where(f => f.MaxRepetitionLevel == 0).ToArray();
        var repeated = fields.Where(f => f.MaxRepetitionLevel > 0).ToArray();
        row.IsText = false;
        long index = 0;
        for (var g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            var columns = new string?[flat.Length][];
            for (var f = 0; f < flat.Length; f++)
            {
                columns[f] = new string?[group.RowCount];
                await group.ReadAsync(flat[f], columns[f].AsMemory()!, null, cancellationToken).ConfigureAwait(false);
            }

            row.FieldNames = [.. flat.Select(f => f.Path.ToString())];
            for (var r = 0; r < group.RowCount; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                row.BeginFields(1, index + r);
                foreach (var column in columns)
                {
                    row.Append(r < column.Length ? column[r] : null);
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

    /// <summary>Reads an Arrow IPC file or stream.</summary>
    public static async Task ReadArrowAsync(Stream stream, bool isFile, DataRow row, Action<DataRow> onRow, CancellationToken cancellationToken)
    {
        ArrowMessageBounds.Check(stream, isFile);
        using var reader = isFile ? new ArrowFileReader(stream, leaveOpen: true) : new ArrowStreamReader(stream, leaveOpen: true);
        row.IsText = false;
        long index = 0;
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
                        row.Append(batch.Column(c) switch
                        {
                            StringArray s => s.GetString(r),
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
}
