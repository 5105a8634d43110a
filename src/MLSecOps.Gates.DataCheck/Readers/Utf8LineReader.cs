using System.Text;
using MLSecOps.Formats.Streams;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>
/// Reads UTF-8 text line by line from its bytes: line feeds are found in the bytes and each line is decoded once, straight into the
/// row, instead of decoding the whole stream into a text buffer, copying each line out of it and copying it again into the row.
/// A line longer than the chunk size is handed over in chunks of characters. Text with a UTF-16 or UTF-32 byte order mark
/// goes to <see cref="LineReader"/>, which decodes it as a stream reader does.
/// </summary>
internal static class Utf8LineReader
{
    // A line whose line feed is not in the buffer is handed over in chunks of this many characters, as LineReader does. UTF-8 takes at most three bytes per UTF-16 code
    // unit, so the buffer always holds a whole chunk once it holds three times as many bytes.
    private const int ChunkChars = 1 << 20;
    private const int MostChunkBytes = 3 * ChunkChars;

    /// <summary>Hands each line of <paramref name="stream"/> to <paramref name="onRow"/> as a row of <paramref name="layout"/>.</summary>
    public static void Read(Stream stream, FieldLayout layout, DataRow row, Action<DataRow> onRow, CancellationToken cancellationToken)
    {
        var buffer = new byte[MostChunkBytes + ChunkChars];
        var filled = stream.ReadAtLeast(buffer.AsSpan(0, ChunkChars), 4, throwOnEndOfStream: false);
        if (IsWideText(buffer.AsSpan(0, filled)))
        {
            using var wide = new StreamReader(new HeadReplayStream(buffer.AsMemory(0, filled), stream), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            LineReader.Read(wide, layout, row, onRow, cancellationToken);
            return;
        }

        // A stream reader drops the UTF-8 byte order mark at the start of the text; so does this reader.
        var start = buffer.AsSpan(0, filled).StartsWith("\uFEFF"u8) ? 3 : 0;
        var line = 1;
        long index = 0;
        var atEnd = filled == 0;
        char[]? scratch = null;
        while (!atEnd || filled > start)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!atEnd && filled - start < MostChunkBytes)
            {
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                filled -= start;
                start = 0;
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                atEnd = read == 0;
                filled += read;
            }

            var span = buffer.AsSpan(0, filled);
            while (start < span.Length)
            {
                var newline = span[start..].IndexOf((byte)'\n');
                if (newline < 0)
                {
                    break;
                }

                Emit(span.Slice(start, newline), line, index++, layout, row, onRow);
                line++;
                start += newline + 1;
            }

            var rest = filled - start;
            if (rest > 0 && atEnd)
            {
                // The last line, without a line feed.
                Emit(span.Slice(start, rest), line, index++, layout, row, onRow);
                start = filled;
            }
            else if (rest >= ChunkChars && ChunkBytes(span.Slice(start, rest), ref scratch) is var take and > 0)
            {
                // A line that does not fit: its first chunk of characters.
                Emit(span.Slice(start, take), line, index++, layout, row, onRow);
                start += take;
            }
        }
    }

    /// <summary>Returns how many bytes of <paramref name="bytes"/> decode to the first <see cref="ChunkChars"/> characters, or 0 when they hold fewer.</summary>
    private static int ChunkBytes(ReadOnlySpan<byte> bytes, ref char[]? scratch)
    {
        scratch ??= new char[ChunkChars];
        // Full before the bytes ran out (one short when the next character is a surrogate pair), or exactly full at their end.
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, scratch, out var bytesRead, out var written, replaceInvalidSequences: true, isFinalBlock: false);
        return status == System.Buffers.OperationStatus.DestinationTooSmall || written == ChunkChars ? bytesRead : 0;
    }

    /// <summary>Returns whether the text starts with a UTF-16 or UTF-32 byte order mark (a stream reader would decode it as such).</summary>
    private static bool IsWideText(ReadOnlySpan<byte> head) =>
        head is [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0x00, 0x00, 0xFE, 0xFF, ..];

    private static void Emit(ReadOnlySpan<byte> bytes, int line, long index, FieldLayout layout, DataRow row, Action<DataRow> onRow)
    {
        var trimmed = bytes.Length > 0 && bytes[^1] == '\r' ? bytes[..^1] : bytes;
        row.BeginUtf8(trimmed, line, index, layout);
        if (row.Text.IsWhiteSpace())
        {
            return;
        }

        onRow(row);
    }
}
