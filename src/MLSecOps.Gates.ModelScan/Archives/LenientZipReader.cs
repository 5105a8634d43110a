using System.Buffers.Binary;
using System.Text;

namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>
/// Reads a ZIP's central directory the way PyTorch's miniz does, not the way strict readers do: CRC and flag bits are
/// ignored, leading data is tolerated, ZIP64 is followed, and every such inconsistency is recorded instead of refused.
/// </summary>
internal static class LenientZipReader
{
    private const int EndRecordLength = 22;
    private const int CentralHeaderLength = 46;
    private const int LocalHeaderLength = 30;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint CentralSignature = 0x02014b50;
    private const uint LocalSignature = 0x04034b50;

    /// <summary>Returns whether the seekable <paramref name="stream"/> ends with a ZIP end-of-central-directory record.</summary>
    public static bool HasEndRecord(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FindEndRecord(stream) >= 0;
    }

    /// <summary>Reads the directory of the seekable <paramref name="stream"/>.</summary>
    /// <exception cref="ZipFormatException">There is no readable central directory.</exception>
    public static ZipDirectory Read(Stream stream, int maxEntries)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var anomalies = new List<string>();
        var endOffset = FindEndRecord(stream);
        if (endOffset < 0)
        {
            throw new ZipFormatException("no end-of-central-directory record");
        }

        var end = ReadAt(stream, endOffset, EndRecordLength);
        long entryCount = BinaryPrimitives.ReadUInt16LittleEndian(end.AsSpan(10));
        long directorySize = BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(12));
        long directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(end.AsSpan(16));
        var directoryEnd = endOffset;
        // A ZIP64 locator right before the end record means the ZIP64 end record (just before it) ends the directory.
        if (endOffset >= 20 + 56)
        {
            var locator = ReadAt(stream, endOffset - 20, 20);
            if (BinaryPrimitives.ReadUInt32LittleEndian(locator) == Zip64LocatorSignature)
            {
                var zip64Offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(locator.AsSpan(8));
                var declaredShift = endOffset - 20 - 56 - zip64Offset;
                var actualZip64 = declaredShift > 0 ? zip64Offset + declaredShift : zip64Offset;
                var zip64 = ReadAt(stream, actualZip64, 56);
                if (BinaryPrimitives.ReadUInt32LittleEndian(zip64) != Zip64EndSignature)
                {
                    throw new ZipFormatException("the ZIP64 end record is missing");
                }

                entryCount = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(32));
                directorySize = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(40));
                directoryOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(zip64.AsSpan(48));
                directoryEnd = actualZip64;
            }
        }

        // Data in front of the archive shifts every offset; the end of the central directory tells by how much.
        var directoryStart = directoryEnd - directorySize;
        var shift = directoryStart - directoryOffset;
        if (directoryStart < 0 || shift < 0)
        {
            directoryStart = directoryOffset;
            shift = 0;
            anomalies.Add("the central directory offset and size disagree with the end record");
        }
        else if (shift > 0)
        {
            anomalies.Add($"{shift} bytes of data precede the archive");
        }

        if (directorySize > 64L * 1024 * 1024 || directoryStart + directorySize > stream.Length)
        {
            throw new ZipFormatException("the central directory lies outside the file");
        }

        var directory = ReadAt(stream, directoryStart, (int)directorySize);
        var entries = new List<ZipEntry>();
        var position = 0;
        while (position + CentralHeaderLength <= directory.Length && BinaryPrimitives.ReadUInt32LittleEndian(directory.AsSpan(position)) == CentralSignature)
        {
            if (entries.Count >= maxEntries)
            {
                throw new ZipFormatException($"more than {maxEntries} members");
            }

            var (entry, length) = ReadCentral(directory.AsSpan(position), shift);
            entries.Add(ReadLocal(stream, entry));
            position += length;
        }

        if (entries.Count != entryCount)
        {
            anomalies.Add($"the end record declares {entryCount} members but the directory holds {entries.Count}");
        }

        var duplicates = entries.GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            anomalies.Add($"duplicate member names: {string.Join(", ", duplicates.Take(5))}");
        }

        return new ZipDirectory(entries, anomalies);
    }

    private static (ZipEntry Entry, int Length) ReadCentral(ReadOnlySpan<byte> header, long shift)
    {
        int madeBy = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        int flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        int method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        long compressed = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        long uncompressed = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
        int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
        var external = BinaryPrimitives.ReadUInt32LittleEndian(header[38..]);
        long localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
        var length = CentralHeaderLength + nameLength + extraLength + commentLength;
        if (length > header.Length)
        {
            throw new ZipFormatException("a central directory entry runs past the directory");
        }

        var name = Encoding.UTF8.GetString(header.Slice(CentralHeaderLength, nameLength));
        var extra = header.Slice(CentralHeaderLength + nameLength, extraLength);
        ApplyZip64(extra, ref uncompressed, ref compressed, ref localOffset);
        var entry = new ZipEntry
        {
            Name = name,
            Flags = flags,
            Method = method,
            CompressedSize = compressed,
            UncompressedSize = uncompressed,
            DataOffset = localOffset + shift,
            IsSymlink = (madeBy >> 8) == 3 && ((external >> 16) & 0xF000) == 0xA000,
        };
        return (entry, length);
    }

    private static void ApplyZip64(ReadOnlySpan<byte> extra, ref long uncompressed, ref long compressed, ref long offset)
    {
        while (extra.Length >= 4)
        {
            int id = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            var body = extra.Slice(4, Math.Min(size, extra.Length - 4));
            if (id == 0x0001)
            {
                // Only the fields whose 32-bit value is saturated are present, in this order.
                var at = 0;
                if (uncompressed == 0xFFFFFFFF && at + 8 <= body.Length)
                {
                    uncompressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(body[at..]);
                    at += 8;
                }

                if (compressed == 0xFFFFFFFF && at + 8 <= body.Length)
                {
                    compressed = (long)BinaryPrimitives.ReadUInt64LittleEndian(body[at..]);
                    at += 8;
                }

                if (offset == 0xFFFFFFFF && at + 8 <= body.Length)
                {
                    offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(body[at..]);
                }
            }

            extra = extra[Math.Min(extra.Length, 4 + size)..];
        }
    }

    private static ZipEntry ReadLocal(Stream stream, ZipEntry entry)
    {
        var localOffset = entry.DataOffset;
        var anomalies = new List<string>();
        if (localOffset < 0 || localOffset + LocalHeaderLength > stream.Length)
        {
            return entry with { DataOffset = -1, Anomalies = ["the local header lies outside the file"] };
        }

        var local = ReadAt(stream, localOffset, LocalHeaderLength);
        if (BinaryPrimitives.ReadUInt32LittleEndian(local) != LocalSignature)
        {
            return entry with { DataOffset = -1, Anomalies = ["the local header is missing"] };
        }

        int flags = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(6));
        int method = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(8));
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(26));
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(local.AsSpan(28));
        var localName = Encoding.UTF8.GetString(ReadAt(stream, localOffset + LocalHeaderLength, nameLength));
        if (flags != entry.Flags)
        {
            anomalies.Add($"local flags 0x{flags:x4} differ from central flags 0x{entry.Flags:x4}");
        }

        if ((flags & 0x0061 & ~entry.Flags) != 0)
        {
            anomalies.Add("the local header is flagged as encrypted or patched");
        }

        if (method != entry.Method)
        {
            anomalies.Add($"local compression method {method} differs from central method {entry.Method}");
        }

        if (entry.Method == 0 && entry.CompressedSize != entry.UncompressedSize)
        {
            anomalies.Add("a stored member declares different compressed and uncompressed sizes");
        }

        return entry with
        {
            LocalName = localName,
            DataOffset = localOffset + LocalHeaderLength + nameLength + extraLength,
            Anomalies = anomalies,
        };
    }

    private static long FindEndRecord(Stream stream)
    {
        if (stream.Length < EndRecordLength)
        {
            return -1;
        }

        var tailLength = (int)Math.Min(stream.Length, EndRecordLength + 0xFFFF);
        var tail = ReadAt(stream, stream.Length - tailLength, tailLength);
        for (var i = tail.Length - EndRecordLength; i >= 0; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(tail.AsSpan(i)) == EndSignature)
            {
                return stream.Length - tailLength + i;
            }
        }

        return -1;
    }

    private static byte[] ReadAt(Stream stream, long offset, int count)
    {
        // Offsets come from the file (ZIP64 fields are 64-bit): one that points outside it is a malformed archive.
        if (offset < 0 || offset > stream.Length - count)
        {
            throw new ZipFormatException($"a record offset ({offset}) points outside the file");
        }

        var buffer = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(buffer);
        return buffer;
    }
}
