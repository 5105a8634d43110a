using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using MLSecOps.Formats.Streams;
using MLSecOps.Gates.ModelScan.Archives;
using MLSecOps.Gates.ModelScan.Pickle;
using SharpCompress.Compressors.LZMA;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>
/// Classifies data once, by the readers that later scan it: the pickle opcode reader decides "pickle", a ZIP is found by
/// its end record, compressed streams by decoding their head; strong magic bytes decide the rest. Names are hints only.
/// </summary>
internal static class ModelContentClassifier
{
    /// <summary>How many leading bytes are read to match magic bytes and decode compressed heads.</summary>
    public const int HeadLength = 512;

    /// <summary>How much of a forward-only stream the pickle reader may see before it decides.</summary>
    public const int WindowLength = 64 * 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Classifies <paramref name="data"/>, positioned at its start, and returns a stream positioned there again.</summary>
    /// <param name="data">The data; a seekable stream is rewound, a forward-only one is replaced by <paramref name="rewound"/>.</param>
    /// <param name="classification">The name and folder hints; its kind is ignored.</param>
    /// <param name="wholeFile">Whether the data is a whole file (only then may a ZIP end record far from the start decide).</param>
    /// <param name="rewound">The data from its start again.</param>
    public static ContentClassification Classify(Stream data, ContentClassification classification, bool wholeFile, out Stream rewound) =>
        Classify(data, classification, wholeFile, out rewound, out _);

    /// <summary>Classifies <paramref name="data"/> as <see cref="Classify(Stream, ContentClassification, bool, out Stream)"/> does, and returns
    /// the bytes it read first (up to <see cref="HeadLength"/> of a seekable stream), so the caller need not read them again.</summary>
    public static ContentClassification Classify(Stream data, ContentClassification classification, bool wholeFile, out Stream rewound, out ReadOnlyMemory<byte> head)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(classification);
        var start = data.CanSeek ? data.Position : 0;
        var buffer = new byte[data.CanSeek ? HeadLength : WindowLength];
        var read = data.ReadAtLeast(buffer.AsSpan(0, HeadLength), HeadLength, throwOnEndOfStream: false);
        if (!data.CanSeek && read == HeadLength && PickleSignature.CouldStart(buffer))
        {
            // A forward-only stream cannot be rewound, so the pickle reader gets a window of it rather than a second pass.
            read += data.ReadAtLeast(buffer.AsSpan(HeadLength), WindowLength - HeadLength, throwOnEndOfStream: false);
        }

        var window = buffer.AsMemory(0, read);
        head = window[..Math.Min(read, HeadLength)];
        long? length = data.CanSeek ? data.Length - start : null;
        var kind = Magic(window.Span, length);
        if (kind == ModelContentKind.Unknown && PickleSignature.CouldStart(window.Span))
        {
            kind = IsPickle(data, start, window, read) ? ModelContentKind.Pickle : ModelContentKind.Unknown;
        }

        if (kind == ModelContentKind.Unknown)
        {
            kind = DecodedCompression(window.Span);
        }

        if (kind == ModelContentKind.Unknown && wholeFile && data.CanSeek && read > 0)
        {
            // A ZIP file can start with anything (self-extractors, spanning markers): its end record decides. Members are
            // not probed this way, since tensor bytes may contain the signature by chance.
            data.Position = start;
            kind = LenientZipReader.HasEndRecord(data) ? ModelContentKind.Zip : ModelContentKind.Unknown;
        }

        if (kind == ModelContentKind.Unknown)
        {
            kind = read == 0 ? ModelContentKind.Empty : IsText(window.Span) ? ModelContentKind.Text : ModelContentKind.Unknown;
        }

        if (data.CanSeek)
        {
            data.Position = start;
            rewound = data;
        }
        else
        {
            rewound = new HeadReplayStream(window, data);
        }

        return classification with { Kind = kind };
    }

    /// <summary>Classifies complete in-memory <paramref name="data"/> named <paramref name="fileName"/>.</summary>
    public static ModelContentKind Classify(ReadOnlySpan<byte> data, string fileName)
    {
        using var stream = new MemoryStream(data.ToArray(), writable: false);
        return Classify(stream, new ContentClassification(ModelContentKind.Unknown, fileName), wholeFile: true, out _).Kind;
    }

    /// <summary>Returns whether <paramref name="kind"/> is an archive or compression wrapper.</summary>
    public static bool IsContainer(ModelContentKind kind) => kind is ModelContentKind.Zip or ModelContentKind.Tar or ModelContentKind.Gzip
        or ModelContentKind.Zlib or ModelContentKind.SevenZip or ModelContentKind.Rar or ModelContentKind.Bzip2 or ModelContentKind.Xz
        or ModelContentKind.Lzma or ModelContentKind.Zstd or ModelContentKind.Lz4;

    private static bool IsPickle(Stream data, long start, ReadOnlyMemory<byte> window, int read)
    {
        if (!data.CanSeek)
        {
            return PickleSignature.IsPickle(window.Span, complete: read < WindowLength);
        }

        // A seekable stream is read by the opcode reader itself, so a first literal longer than any head is skipped, not guessed at.
        data.Position = start;
        return PickleSignature.Probe(data);
    }

    private static ModelContentKind Magic(ReadOnlySpan<byte> head, long? length)
    {
        if (head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8) || head.StartsWith("PK\x07\x08"u8))
        {
            return ModelContentKind.Zip;
        }

        if (head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8))
        {
            return ModelContentKind.Tar;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']))
        {
            return ModelContentKind.Numpy;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C]))
        {
            return ModelContentKind.SevenZip;
        }

        if (head.StartsWith("Rar!\x1A\x07"u8))
        {
            return ModelContentKind.Rar;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]))
        {
            return ModelContentKind.Xz;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x28, 0xB5, 0x2F, 0xFD]))
        {
            return ModelContentKind.Zstd;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x04, 0x22, 0x4D, 0x18]))
        {
            return ModelContentKind.Lz4;
        }

        if (head.Length >= 10 && head.StartsWith("BZh"u8) && head[3] is >= (byte)'1' and <= (byte)'9' && head.Slice(4, 6).SequenceEqual("1AY&SY"u8))
        {
            return ModelContentKind.Bzip2;
        }

        if (head.StartsWith("GGUF"u8))
        {
            return ModelContentKind.Gguf;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x48, 0x44, 0x46, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return ModelContentKind.Hdf5;
        }

        if (head.Length >= 8 && head.Slice(4, 4).SequenceEqual("TFL3"u8))
        {
            return ModelContentKind.TfLite;
        }

        return IsSafetensors(head, length) ? ModelContentKind.Safetensors : ModelContentKind.Unknown;
    }

    private static bool IsSafetensors(ReadOnlySpan<byte> head, long? length)
    {
        if (head.Length < 10 || head[8] != (byte)'{')
        {
            return false;
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(head);
        return headerLength >= 2 && (length is not { } total || headerLength <= (ulong)(total - 8));
    }

    /// <summary>gzip, zlib and LZMA-alone have only a few magic bits: they count only if their head really decodes.</summary>
    private static ModelContentKind DecodedCompression(ReadOnlySpan<byte> head)
    {
        if (head.Length < 3)
        {
            return ModelContentKind.Unknown;
        }

        if (head[0] == 0x1F && head[1] == 0x8B && Decodes(head, s => new GZipStream(s, CompressionMode.Decompress)))
        {
            return ModelContentKind.Gzip;
        }

        // RFC 1950: deflate, window at most 32 KiB, no preset dictionary, header check bits.
        if ((head[0] & 0x0F) == 8 && head[0] >> 4 <= 7 && (head[1] & 0x20) == 0 && ((head[0] << 8) | head[1]) % 31 == 0
            && Decodes(head, s => new ZLibStream(s, CompressionMode.Decompress)))
        {
            return ModelContentKind.Zlib;
        }

        // LZMA-alone (joblib's 'lzma'): properties byte lc/lp/pb < 225, a dictionary size, then a 64-bit size (-1 when unknown).
        if (head.Length >= 13 && head[0] < 225 && StandardDictionary(BinaryPrimitives.ReadUInt32LittleEndian(head[1..])) && PlausibleLzmaSize(head[5..13])
            && Decodes(head, OpenLzmaAlone))
        {
            return ModelContentKind.Lzma;
        }

        return ModelContentKind.Unknown;
    }

    // LZMA encoders (xz-utils, Python's lzma, 7-Zip) write 2^n or 2^n + 2^(n-1) dictionaries of 4 KiB to 1.5 GiB.
    private static bool StandardDictionary(uint size)
    {
        for (var n = 12; n <= 30; n++)
        {
            if (size == 1u << n || size == (1u << n) + (1u << (n - 1)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool PlausibleLzmaSize(ReadOnlySpan<byte> size) =>
        size.IndexOfAnyExcept((byte)0xFF) < 0 || (size[6] == 0 && size[7] == 0);

    /// <summary>Opens an LZMA-alone stream: 5 property bytes, a 64-bit uncompressed size, then the data.</summary>
    public static Stream OpenLzmaAlone(Stream compressed)
    {
        ArgumentNullException.ThrowIfNull(compressed);
        Span<byte> header = stackalloc byte[13];
        compressed.ReadExactly(header);
        var size = BinaryPrimitives.ReadInt64LittleEndian(header[5..]);
        return LzmaStream.Create(header[..5].ToArray(), compressed, -1, size < 0 ? -1 : size, leaveOpen: true);
    }

    private static bool Decodes(ReadOnlySpan<byte> head, Func<Stream, Stream> open)
    {
        try
        {
            using var compressed = new MemoryStream(head.ToArray(), writable: false);
            using var decoder = open(compressed);
            // Garbage can yield a byte or two before a decoder notices: ask for 64, or a clean end of a shorter stream.
            Span<byte> output = stackalloc byte[64];
            var total = 0;
            int read;
            while (total < output.Length && (read = decoder.Read(output[total..])) > 0)
            {
                total += read;
            }

            return total > 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Any decoder failure means "not this format"; the decoders are third-party code facing hostile bytes.
            return false;
        }
    }

    private static bool IsText(ReadOnlySpan<byte> head)
    {
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C or 0x1B))
            {
                return false;
            }
        }

        // The head may end inside a multi-byte character.
        for (var cut = 0; cut < 4 && cut < head.Length; cut++)
        {
            try
            {
                StrictUtf8.GetCharCount(head[..^cut]);
                return true;
            }
            catch (DecoderFallbackException)
            {
            }
        }

        return false;
    }
}
