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

    /// <summary>Lets <paramref name="write"/> fill a JSON writer, then copies the result to <paramref name="stream"/> with the HTML characters escaped.</summary>
    /// <param name="stream">The destination; left open.</param>
    /// <param name="write">Writes the document.</param>
    public static void Write(Stream stream, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            write(json);
            json.Flush();
        }

        CopyEscapingHtml(buffer.WrittenSpan, stream);
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
}
