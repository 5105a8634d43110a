using System.Buffers.Binary;
using System.IO.Compression;
using K4os.Compression.LZ4;
using Snappier;
using ZstdSharp;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// Decompresses one Parquet page into a buffer of exactly its declared size, with the codecs Parquet.Net reads
/// (none, Snappy, gzip, Brotli, LZ4 and LZ4_RAW, zstd); output that is not exactly that size is a corrupt page.
/// </summary>
internal sealed class PageDecompressor : IDisposable
{
    private Decompressor? _zstd;

    /// <summary>Gets the name of a Parquet <c>CompressionCodec</c> value.</summary>
    public static string Name(int codec) => codec switch
    {
        0 => "uncompressed",
        1 => "Snappy",
        2 => "gzip",
        3 => "LZO",
        4 => "Brotli",
        5 => "LZ4",
        6 => "zstd",
        7 => "LZ4_RAW",
        _ => $"codec {codec}",
    };

    /// <summary>Gets a value indicating whether <paramref name="codec"/> can be read.</summary>
    public static bool Supports(int codec) => codec is >= 0 and <= 7 and not 3;

    /// <summary>Decompresses <c>buffer[offset..offset + count)</c> into all of <paramref name="target"/>.</summary>
    public void Decompress(int codec, byte[] buffer, int offset, int count, Span<byte> target)
    {
        var source = buffer.AsSpan(offset, count);
        var written = codec switch
        {
            0 => Copy(source, target),
            1 => Snappy.GetUncompressedLength(source) == target.Length ? Snappy.Decompress(source, target) : -1,
            2 => Gzip(buffer, offset, count, target),
            4 => BrotliDecoder.TryDecompress(source, target, out var brotli) ? brotli : -1,
            5 or 7 => Lz4(source, target),
            6 => (_zstd ??= new Decompressor()).Unwrap(source, target),
            _ => throw new NotSupportedException($"{Name(codec)} pages are not read"),
        };

        if (written != target.Length)
        {
            throw new InvalidDataException($"a {Name(codec)} page decompressed to {(written < 0 ? "nothing" : $"{written:N0} bytes")} where its header says {target.Length:N0}");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _zstd?.Dispose();

    private static int Copy(ReadOnlySpan<byte> source, Span<byte> target)
    {
        if (source.Length != target.Length)
        {
            return source.Length;
        }

        source.CopyTo(target);
        return source.Length;
    }

    private static int Gzip(byte[] buffer, int offset, int count, Span<byte> target)
    {
        using var input = new MemoryStream(buffer, offset, count, writable: false);
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        var read = gzip.ReadAtLeast(target, target.Length, throwOnEndOfStream: false);
        return read == target.Length && gzip.ReadByte() >= 0 ? -1 : read;
    }

    private static int Lz4(ReadOnlySpan<byte> source, Span<byte> target)
    {
        // arrow-rs compresses a page of no bytes (seen in its dictionary-encoded files) to one LZ4 block, which K4os will not decode into nothing.
        if (target.IsEmpty)
        {
            return 0;
        }

        var raw = LZ4Codec.Decode(source, target);
        if (raw == target.Length || source.Length < 8)
        {
            return raw;
        }

        // Hadoop's LZ4 framing (the old LZ4 codec as parquet-mr and Arrow write it): big-endian sizes before each block.
        var written = 0;
        while (source.Length >= 8)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(source);
            var compressed = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
            if (compressed > (uint)(source.Length - 8) || size > (uint)(target.Length - written))
            {
                return raw;
            }

            var block = LZ4Codec.Decode(source.Slice(8, (int)compressed), target.Slice(written, (int)size));
            if (block != size)
            {
                return raw;
            }

            written += block;
            source = source[(8 + (int)compressed)..];
        }

        return source.IsEmpty ? written : raw;
    }
}
