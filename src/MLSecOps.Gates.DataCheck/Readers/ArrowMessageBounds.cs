using System.Buffers.Binary;

namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>Checks the lengths an Arrow IPC stream or file declares (message metadata, bodies, footer) against the file's size
/// before Apache.Arrow reads it: Apache.Arrow rents a buffer of whatever length a message declares, so a 10-byte file that
/// claims 2 GiB of metadata would otherwise end in <see cref="OutOfMemoryException"/> (found by the csv fuzz target).</summary>
internal static class ArrowMessageBounds
{
    private const int MaxMetadataBytes = 64 << 20;
    private const int FileMagicBytes = 8;
    private const int FileTrailerBytes = 10;

    /// <summary>Throws <see cref="InvalidDataException"/> when a declared length does not fit in the seekable <paramref name="stream"/>; leaves it at the start.</summary>
    /// <param name="stream">The whole Arrow stream or file, seekable.</param>
    /// <param name="isFile">Whether it is the file format (magic, messages, footer, footer length, magic).</param>
    public static void Check(Stream stream, bool isFile)
    {
        var length = stream.Length;
        var start = isFile ? FileMagicBytes : 0L;
        var end = length;
        if (isFile)
        {
            var footerLength = length >= FileMagicBytes + FileTrailerBytes ? BinaryPrimitives.ReadInt32LittleEndian(ReadAt(stream, length - FileTrailerBytes, 4)) : -1;
            if (footerLength < 0 || footerLength > length - FileMagicBytes - FileTrailerBytes)
            {
                throw new InvalidDataException($"the Arrow file declares a footer of {footerLength} bytes in a file of {length} bytes");
            }

            end = length - FileTrailerBytes - footerLength;
        }

        for (var position = start; position + 4 <= end;)
        {
            var first = BinaryPrimitives.ReadInt32LittleEndian(ReadAt(stream, position, 4));
            var prefix = first == -1 ? 8 : 4;
            if (position + prefix > end)
            {
                break;
            }

            var metadataLength = first == -1 ? BinaryPrimitives.ReadInt32LittleEndian(ReadAt(stream, position + 4, 4)) : first;
            if (metadataLength == 0)
            {
                break;
            }

            if (metadataLength < 0 || metadataLength > MaxMetadataBytes || position + prefix + metadataLength > end)
            {
                throw new InvalidDataException($"an Arrow message at byte {position} declares {metadataLength} bytes of metadata in a file of {length} bytes");
            }

            var body = BodyLength(ReadAt(stream, position + prefix, metadataLength));
            if (body < 0 || body > end - position - prefix - metadataLength)
            {
                throw new InvalidDataException($"an Arrow message at byte {position} declares a body of {body} bytes in a file of {length} bytes");
            }

            position += prefix + metadataLength + body;
        }

        stream.Position = 0;
    }

    /// <summary>Reads <c>Message.bodyLength</c> (field 3, a long) from the message's flatbuffer, 0 when absent.</summary>
    private static long BodyLength(byte[] message)
    {
        var table = (long)BinaryPrimitives.ReadUInt32LittleEndian(At(message, 0, 4));
        var vtable = table - BinaryPrimitives.ReadInt32LittleEndian(At(message, table, 4));
        var vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(At(message, vtable, 2));
        const int BodyLengthSlot = 4 + (3 * 2);
        if (vtableSize < BodyLengthSlot + 2)
        {
            return 0;
        }

        var offset = BinaryPrimitives.ReadUInt16LittleEndian(At(message, vtable + BodyLengthSlot, 2));
        return offset == 0 ? 0 : BinaryPrimitives.ReadInt64LittleEndian(At(message, table + offset, 8));
    }

    private static ReadOnlySpan<byte> At(byte[] message, long offset, int count) =>
        offset >= 0 && offset <= message.Length - count
            ? message.AsSpan((int)offset, count)
            : throw new InvalidDataException($"an Arrow message's metadata points outside itself (byte {offset})");

    private static byte[] ReadAt(Stream stream, long offset, int count)
    {
        var buffer = new byte[count];
        stream.Position = offset;
        stream.ReadExactly(buffer);
        return buffer;
    }
}
