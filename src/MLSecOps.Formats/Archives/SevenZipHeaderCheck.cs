using System.Buffers.Binary;

namespace MLSecOps.Formats.Archives;

/// <summary>Checks a 7z start header before a third-party reader trusts it: the next-header offset and size must lie inside the file and be small.</summary>
public static class SevenZipHeaderCheck
{
    /// <summary>Gets the largest 7z header (the archive's directory) that is read.</summary>
    public const long MaxHeaderBytes = 16L * 1024 * 1024;

    /// <summary>Throws unless the 7z start header at the stream's position points at a header inside the file and at most <see cref="MaxHeaderBytes"/> long.</summary>
    /// <param name="archive">The seekable archive, positioned at its start; the position is restored.</param>
    /// <exception cref="InvalidDataException">The start header is truncated, or lies about where the header is or how large it is.</exception>
    public static void EnsureBounded(Stream archive)
    {
        ArgumentNullException.ThrowIfNull(archive);
        var start = archive.Position;
        Span<byte> head = stackalloc byte[32];
        var read = archive.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        archive.Position = start;
        if (read < head.Length)
        {
            throw new InvalidDataException("the 7z start header is truncated");
        }

        var offset = BinaryPrimitives.ReadUInt64LittleEndian(head[12..]);
        var size = BinaryPrimitives.ReadUInt64LittleEndian(head[20..]);
        var available = (ulong)(archive.Length - start - 32);
        if (size > MaxHeaderBytes || offset > available || size > available - offset)
        {
            throw new InvalidDataException($"the 7z start header declares a {size:N0}-byte header at offset {offset:N0}, outside the file or over {MaxHeaderBytes >> 20} MiB");
        }
    }
}
