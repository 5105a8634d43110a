using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MLSecOps.Reporting.Json;

/// <summary>Writes JSON that people can read (UTF-8, backticks and quotes as they are) and that stays safe inside HTML:
/// only <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> are escaped, besides what JSON itself requires.</summary>
public static class ReadableJson
{
    /// <summary>Gets the writer options: indented, relaxed escaping (the HTML characters are escaped on the way out).</summary>
    public static JsonWriterOptions Options { get; } = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Lets <paramref name="write"/> fill a JSON writer whose output goes to <paramref name="stream"/> as it is written, with the HTML characters escaped.</summary>
    /// <param name="stream">The destination; left open.</param>
    /// <param name="write">Writes the document.</param>
    public static void Write(Stream stream, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(write);

        // Streamed through a fixed buffer: the whole document in memory was 85 MB (and its growth copies) for 100k findings.
        using var json = new Utf8JsonWriter(new EscapingBufferWriter(stream), Options);
        write(json);
        json.Flush();
    }

    /// <summary>Copies UTF-8 JSON, replacing <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> by their <c>\u</c> escapes.</summary>
    /// <remarks>Outside strings JSON never holds these bytes, and in UTF-8 they never occur inside a multi-byte
    /// character, so a byte-wise replacement keeps the document valid and its meaning unchanged.</remarks>
    private static void CopyEscapingHtml(ReadOnlySpan<byte> json, Stream stream)
    {
        var start = 0;
        for (var i = 0; i < json.Length; i++)
        {
            var escape = json[i] switch
            {
                (byte)'<' => "\\u003C"u8,
                (byte)'>' => "\\u003E"u8,
                (byte)'&' => "\\u0026"u8,
                _ => default,
            };
            if (escape.IsEmpty)
            {
                continue;
            }

            stream.Write(json[start..i]);
            stream.Write(escape);
            start = i + 1;
        }

        stream.Write(json[start..]);
    }

    /// <summary>Hands the JSON writer one reusable buffer and copies each filled part to the stream, HTML characters escaped.</summary>
    private sealed class EscapingBufferWriter(Stream stream) : IBufferWriter<byte>
    {
        private const int MinimumBytes = 64 * 1024;
        private byte[] _buffer = new byte[MinimumBytes];

        public void Advance(int count) => CopyEscapingHtml(_buffer.AsSpan(0, count), stream);

        public Memory<byte> GetMemory(int sizeHint = 0) => Buffer(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Buffer(sizeHint);

        private byte[] Buffer(int sizeHint)
        {
            if (sizeHint > _buffer.Length)
            {
                _buffer = new byte[Math.Max(sizeHint, _buffer.Length * 2)];
            }

            return _buffer;
        }
    }
}
