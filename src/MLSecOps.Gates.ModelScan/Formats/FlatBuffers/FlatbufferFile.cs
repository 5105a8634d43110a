using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MLSecOps.Gates.ModelScan.Formats.FlatBuffers;

/// <summary>
/// A bounded random-access reader of one flatbuffer (TFLite, ExecuTorch, CatBoost's model core): every offset is checked against
/// <paramref name="length"/>, the end of the buffer in the file; the buffer starts at <paramref name="origin"/>.
/// </summary>
internal sealed class FlatbufferFile(SafeFileHandle handle, long length, long origin = 0)
{
    /// <summary>Returns the position of the root table.</summary>
    public long Root() => TableAt(origin);

    /// <summary>Returns the position of the table that the offset at <paramref name="offsetPosition"/> points to.</summary>
    public long TableAt(long offsetPosition)
    {
        var table = offsetPosition + U32(offsetPosition);
        Check(table, 4);
        return table;
    }

    /// <summary>Returns the start and length of the vector in field <paramref name="field"/> of <paramref name="table"/> (items of <paramref name="itemBytes"/>), or null when absent.</summary>
    public (long Start, int Count)? Vector(long table, int field, int itemBytes = 4)
    {
        if (Field(table, field) is not { } at)
        {
            return null;
        }

        var vector = at + U32(at);
        var count = U32(vector);
        Check(vector + 4, count * (long)itemBytes);
        return (vector + 4, (int)Math.Min(count, int.MaxValue));
    }

    /// <summary>Returns the byte in field <paramref name="field"/>, or null when absent.</summary>
    public int? Byte(long table, int field) => Field(table, field) is { } at ? Read(at, 1)[0] : null;

    /// <summary>Returns the 32-bit integer in field <paramref name="field"/>, or null when absent.</summary>
    public int? Int32(long table, int field) => Field(table, field) is { } at ? BinaryPrimitives.ReadInt32LittleEndian(Read(at, 4)) : null;

    /// <summary>Returns the position of the table in field <paramref name="field"/> of <paramref name="table"/>, or null when absent.</summary>
    public long? Table(long table, int field) => Field(table, field) is { } at ? TableAt(at) : null;

    /// <summary>Returns the 32-bit integer at <paramref name="at"/> (an item of a vector).</summary>
    public int Int32At(long at) => BinaryPrimitives.ReadInt32LittleEndian(Read(at, 4));

    /// <summary>Returns up to <paramref name="max"/> bytes of the string that the offset at <paramref name="offsetPosition"/> (an item of a vector) points to.</summary>
    public string StringAt(long offsetPosition, int max)
    {
        var text = offsetPosition + U32(offsetPosition);
        var size = U32(text);
        Check(text + 4, size);
        return Encoding.UTF8.GetString(Read(text + 4, (int)Math.Min(size, (uint)max)));
    }

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
        if (at < origin || count < 0 || at > length || count > length - at)
        {
            throw new InvalidDataException($"an offset points outside the file ({at} + {count} > {length})");
        }
    }
}
