using System.Buffers;
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
    private readonly PageWriter _snappyTarget = new();
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
    public void Decompress(int codec, byte[] buffer, int offset, int count, Memory<byte> target)
    {
        var source = buffer.AsSpan(offset, count);
        var written = codec switch
        {
            0 => Copy(source, target.Span),
            1 => Snappy.GetUncompressedLength(source) == target.Length ? SnappyInto(buffer, offset, count, target) : -1,
            2 => Gzip(buffer, offset, count, target.Span),
            4 => BrotliDecoder.TryDecompress(source, target.Span, out var brotli) ? brotli : -1,
            5 or 7 => Lz4(source, target.Span),
            6 => (_zstd ??= new Decompressor()).Unwrap(source, target.Span),
            _ => throw new NotSupportedException($"{Name(codec)} pages are not read"),
        };

        if (written != target.Length)
        {
            throw new InvalidDataException($"a {Name(codec)} page decompressed to {(written < 0 ? "nothing" : $"{written:N0} bytes")} where its header says {target.Length:N0}");
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _zstd?.Dispose();

    /// <summary>
    /// Decompresses a Snappy page straight into <paramref name="target"/>: Snappier's span overload decompresses into a pooled
    /// buffer, copies that out and clears it (three passes over every page, 5 % of a Parquet pass); its buffer-writer overload
    /// writes where it is told. The target is exactly the declared size, so a page whose tags write past it is "Data too long".
    /// </summary>
    private int SnappyInto(byte[] buffer, int offset, int count, Memory<byte> target)
    {
        _snappyTarget.Start(target);
        Snappy.Decompress(new ReadOnlySequence<byte>(buffer, offset, count), _snappyTarget);
        return _snappyTarget.Written;
    }

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

    /// <summary>The one buffer a Snappy page is decompressed into; asking for more than it holds is a corrupt page.</summary>
    private sealed class PageWriter : IBufferWriter<byte>
    {
        private Memory<byte> _target;

        /// <summary>Gets the bytes written since <see cref="Start"/>.</summary>
        public int Written { get; private set; }

        /// <summary>Starts on <paramref name="target"/>.</summary>
        public void Start(Memory<byte> target)
        {
            _target = target;
            Written = 0;
        }

        /// <inheritdoc/>
        public void Advance(int count) => Written += count;

        /// <inheritdoc/>
        public Memory<byte> GetMemory(int sizeHint = 0) =>
            sizeHint <= _target.Length - Written
                ? _target[Written..]
                : throw new InvalidDataException($"a Snappy page asks for {sizeHint:N0} bytes where its header says {_target.Length:N0}");

        /// <inheritdoc/>
        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
