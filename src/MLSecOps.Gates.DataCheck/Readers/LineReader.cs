using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>Reads text line by line without allocating per line; a line longer than the chunk size is handed over in chunks.</summary>
internal static class LineReader
{
    private const int ChunkChars = 1 << 20;

    /// <summary>Hands each line of <paramref name="reader"/> to <paramref name="onRow"/> as a row of <paramref name="layout"/>.</summary>
    public static void Read(TextReader reader, FieldLayout layout, DataRow row, Action<DataRow> onRow, CancellationToken cancellationToken)
    {
        var buffer = new char[ChunkChars * 2];
        var filled = 0;
        var line = 1;
        long index = 0;
        var atEnd = false;
        while (!atEnd || filled > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!atEnd && filled < ChunkChars)
            {
                var read = reader.Read(buffer, filled, buffer.Length - filled);
                atEnd = read == 0;
                filled += read;
            }

            var span = buffer.AsSpan(0, filled);
            var start = 0;
            while (start < span.Length)
            {
                var newline = span[start..].IndexOf('\n');
                if (newline < 0)
                {
                    break;
                }

                Emit(span.Slice(start, newline), line, index++, layout, row, onRow);
                line++;
                start += newline + 1;
            }

            var rest = filled - start;
            if (rest > 0 && (atEnd || rest >= ChunkChars))
            {
                // A line that does not fit (or the last line): hand it over as it is.
                var take = atEnd ? rest : ChunkChars;
                Emit(span.Slice(start, take), line, index++, layout, row, onRow);
                line += span.Slice(start, take).Count('\n');
                start += take;
                rest -= take;
            }

            buffer.AsSpan(start, rest).CopyTo(buffer);
            filled = rest;
        }
    }

    private static void Emit(ReadOnlySpan<char> text, int line, long index, FieldLayout layout, DataRow row, Action<DataRow> onRow)
    {
        var trimmed = text.Length > 0 && text[^1] == '\r' ? text[..^1] : text;
        if (trimmed.IsWhiteSpace())
        {
            return;
        }

        row.Begin(trimmed, line, index, layout);
        onRow(row);
    }
}
