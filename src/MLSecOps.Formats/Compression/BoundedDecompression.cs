using System.IO.Compression;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;
using ZstdSharp;

namespace MLSecOps.Formats.Compression;

/// <summary>Opens a decompressing view of a stream whose output is capped, so a decompression bomb is read only up to the budget.</summary>
public static class BoundedDecompression
{
    /// <summary>Opens <paramref name="compressed"/> as <paramref name="kind"/>, yielding at most <paramref name="maxBytes"/> decompressed bytes.</summary>
    /// <param name="compressed">The compressed input; disposed with the result.</param>
    /// <param name="kind">The compression (from <see cref="CompressionSniffer"/>).</param>
    /// <param name="maxBytes">The most decompressed bytes to yield.</param>
    /// <returns>The capped decompressed stream; <see cref="ByteBudgetStream.Exceeded"/> tells whether output was cut.</returns>
    public static ByteBudgetStream Open(Stream compressed, CompressionKind kind, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        Stream inner = kind switch
        {
            CompressionKind.Gzip => new GZipStream(compressed, System.IO.Compression.CompressionMode.Decompress),
            CompressionKind.Zstd => new DecompressionStream(compressed),
            CompressionKind.Bzip2 => BZip2Stream.Create(compressed, SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true),
            CompressionKind.Xz => new XZStream(Seekable(compressed)),
            _ => compressed,
        };
        return new ByteBudgetStream(inner, maxBytes);
    }

    private static Stream Seekable(Stream compressed)
    {
        // The xz reader needs to seek; a non-seekable input (a member, a nested stream) is buffered up to 256 MiB of compressed bytes.
        if (compressed.CanSeek)
        {
            return compressed;
        }

        var buffer = new MemoryStream();
        using (var capped = new ByteBudgetStream(compressed, 256L << 20, leaveOpen: true))
        {
            capped.CopyTo(buffer);
        }

        compressed.Dispose();
        buffer.Position = 0;
        return buffer;
    }
}
