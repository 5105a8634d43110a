using System.Text;

namespace MLSecOps.Gates.DeployAudit;

/// <summary>Reads a whole small file as text, as <see cref="File.ReadAllText(string, Encoding)"/> with UTF-8 does, through one byte buffer per thread.</summary>
/// <remarks>A stream reader per file allocated its byte buffer, char buffer and string builder each time: a fifth of
/// what auditing 10,000 manifests allocated.</remarks>
internal static class TextFileReader
{
    /// <summary>Buffers larger than this are not kept for the next file.</summary>
    private const int KeptBufferBytes = 1024 * 1024;

    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>Reads <paramref name="path"/>, or returns null with its length when it holds more than <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static string? Read(string path, long maxBytes, out long length)
    {
        using var handle = File.OpenHandle(path);
        length = RandomAccess.GetLength(handle);
        if (length > maxBytes)
        {
            return null;
        }

        var buffer = t_buffer is { } kept && kept.Length > length ? kept : new byte[Math.Max(length + 1, 4096)];
        var total = 0;
        while (RandomAccess.Read(handle, buffer.AsSpan(total), total) is var read and > 0)
        {
            total += read;
            if (total == buffer.Length)
            {
                // The file grew after its length was taken.
                if (total > maxBytes)
                {
                    length = total;
                    return null;
                }

                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }

        if (buffer.Length <= KeptBufferBytes)
        {
            t_buffer = buffer;
        }

        length = total;
        return Decode(buffer.AsSpan(0, total), path);
    }

    private static string Decode(ReadOnlySpan<byte> bytes, string path) => bytes switch
    {
        [0xEF, 0xBB, 0xBF, ..] => Encoding.UTF8.GetString(bytes[3..]),

        // A UTF-16 or UTF-32 byte order mark: the stream reader's detection decides, as before.
        [0xFE, 0xFF, ..] or [0xFF, 0xFE, ..] or [0x00, 0x00, 0xFE, 0xFF, ..] => File.ReadAllText(path, Encoding.UTF8),
        _ => Encoding.UTF8.GetString(bytes),
    };
}
