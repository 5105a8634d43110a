using System.Text;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>Reads the string columns of Arrow IPC files (Apache.Arrow) as rows (Parquet: <see cref="Parquet.ParquetRowReader"/>).</summary>
internal static class ColumnarReader
{
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
