using System.Buffers.Binary;
using MLSecOps.Gates.ModelScan.Pickle;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Identifies content by magic bytes, never by name; weak two-byte magics need a name hint.</summary>
internal static class ModelContentSniffer
{
    /// <summary>Identifies <paramref name="head"/>, the first bytes of data of <paramref name="length"/> bytes (null if unknown).</summary>
    /// <param name="head">Up to 512 leading bytes.</param>
    /// <param name="length">The total length, if known (for safetensors' header bound).</param>
    /// <param name="fileName">The lower-case name, used only to accept weak magics (zlib, lzma).</param>
    public static ModelContentKind Sniff(ReadOnlySpan<byte> head, long? length, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
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

        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B]))
        {
            return ModelContentKind.Gzip;
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

        if (IsSafetensors(head, length))
        {
            return ModelContentKind.Safetensors;
        }

        if (PickleSignature.IsPickle(head[..Math.Min(head.Length, 512)]))
        {
            return ModelContentKind.Pickle;
        }

        return SniffWeak(head, fileName);
    }

    /// <summary>Returns whether <paramref name="kind"/> is an archive or compression wrapper.</summary>
    public static bool IsContainer(ModelContentKind kind) => kind is ModelContentKind.Zip or ModelContentKind.Tar or ModelContentKind.Gzip
        or ModelContentKind.Zlib or ModelContentKind.SevenZip or ModelContentKind.Rar or ModelContentKind.Bzip2 or ModelContentKind.Xz
        or ModelContentKind.Lzma or ModelContentKind.Zstd or ModelContentKind.Lz4;

    private static bool IsSafetensors(ReadOnlySpan<byte> head, long? length)
    {
        if (head.Length < 10 || head[8] != (byte)'{')
        {
            return false;
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(head);
        return headerLength >= 2 && (length is not { } total || headerLength <= (ulong)(total - 8));
    }

    private static ModelContentKind SniffWeak(ReadOnlySpan<byte> head, string fileName)
    {
        // zlib and LZMA-alone have only a few magic bits: trust them only for names joblib and pickles use.
        var hinted = fileName.EndsWith(".joblib", StringComparison.Ordinal) || fileName.Contains(".pkl", StringComparison.Ordinal)
            || fileName.Contains(".pickle", StringComparison.Ordinal) || fileName.EndsWith(".z", StringComparison.Ordinal)
            || fileName.EndsWith(".zlib", StringComparison.Ordinal) || fileName.EndsWith(".lzma", StringComparison.Ordinal);
        if (!hinted || head.Length < 3)
        {
            return ModelContentKind.Unknown;
        }

        if (head[0] == 0x78 && head[1] is 0x01 or 0x5E or 0x9C or 0xDA)
        {
            return ModelContentKind.Zlib;
        }

        return head[0] == 0x5D && head[1] == 0x00 && head[2] == 0x00 ? ModelContentKind.Lzma : ModelContentKind.Unknown;
    }
}
