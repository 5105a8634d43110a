using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MLSecOps.Gates.ModelScan.Formats.FlatBuffers;

/// <summary>A bounded random-access reader of one flatbuffer file (TFLite, ExecuTorch): every offset is checked against the file length.</summary>
internal sealed class FlatbufferFile(SafeFileHandle handle, long length)
{
    /// <summary>Returns the position of the root table.</summary>
    public long Root() => TableAt(0);

    /// <summary>Returns the position of the table that the offset at <paramref name="offsetPosition"/> points to.</summary>
    public long TableAt(long offsetPosition)
    {
        var table = offsetPosition + U32(offsetPosition);
        Check(table, 4);
        return table;
    }

    /// <summary>Returns the start and length of the vector in field <paramref name="field"/> of <paramref name="table"/>, or null when absent.</summary>
    public (long Start, int Count)? Vector(long table, int field)
    {
        if (Field(table, field) is not { } at)
        {
            return null;
        }

        var vector = at + U32(at);
        var count = U32(vector);
        Check(vector + 4, count * 4L);
        return (vector + 4, (int)Math.Min(count, int.MaxValue));
    }

    /// <summary>Returns the byte in field <paramref name="field"/>, or null when absent.</summary>
    public int? Byte(long table, int field) => Field(table, field) is { } at ? Read(at, 1)[0] : null;

    /// <summary>Returns the 32-bit integer in field <paramref name="field"/>, or null when absent.</summary>
    public int? Int32(long table, int field) => Field(table, field) is { } at ? BinaryPrimitives.ReadInt32LittleEndian(Read(at, 4)) : null;

    /// <summary>Returns up to <paramref name="max"/> bytes of the string in field <paramref name="field"/>, or null when absent.</summary>
    public string? String(long table, int field, int max)
    {
        if (Field(table, field) is not { } at)
        {
            return null;
        }

        var text = at + U32(at);
        var size = U32(text);
        return Encoding.UTF8.GetString(Read(text + 4, (int)Math.Min(size, (uint)max)));
    }

    private long? Field(long table, int field)
    {
        var vtable = table - BinaryPrimitives.ReadInt32LittleEndian(Read(table, 4));
        Check(vtable, 4);
        var vtableSize = BinaryPrimitives.ReadUInt16LittleEndian(Read(vtable, 2));
        var slot = 4 + (2 * field);
        if (slot + 2 > vtableSize)
        {
            return null;
        }

        var offset = BinaryPrimitives.ReadUInt16LittleEndian(Read(vtable + slot, 2));
        return offset == 0 ? null : table + offset;
    }

    private uint U32(long at) => BinaryPrimitives.ReadUInt32LittleEndian(Read(at, 4));

    private byte[] Read(long at, int count)
    {
        Check(at, count);
        var bytes = new byte[count];
        if (RandomAccess.Read(handle, bytes, at) < count)
        {
            throw new InvalidDataException($"the file ends inside a field at offset {at}");
        }

        return bytes;
    }

    private void Check(long at, long count)
    {
        if (at < 0 || count < 0 || at > length || count > length - at)
        {
            throw new InvalidDataException($"an offset points outside the file ({at} + {count} > {length})");
        }
    }
}
