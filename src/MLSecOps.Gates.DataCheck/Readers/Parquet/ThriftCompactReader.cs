using System.Globalization;

namespace MLSecOps.Gates.DataCheck.Readers.Parquet;

/// <summary>
/// The Thrift compact-protocol reads a Parquet page header and the footer (file metadata) need, over a byte buffer: every
/// read is bounded by the buffer, nesting by <see cref="MaxDepth"/>, every list count by the bytes left, and running off
/// the end is <see cref="EndOfStreamException"/> (the page-header caller reads more of the header, up to its cap).
/// </summary>
internal static class ThriftCompactReader
{
    /// <summary>The deepest nesting of structs, lists and maps a skipped field may have.</summary>
    public const int MaxDepth = 16;

    /// <summary>Thrift compact type of a struct field.</summary>
    public const int TypeStruct = 12;

    /// <summary>Reads an unsigned LEB128 varint of at most 10 bytes.</summary>
    public static ulong ReadVarint(byte[] data, ref int position, int end)
    {
        ulong value = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (position >= end)
            {
                throw new EndOfStreamException("a varint runs past the end of its buffer");
            }

            var b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("a varint is longer than 10 bytes");
    }

    /// <summary>Undoes zigzag encoding.</summary>
    public static long Zigzag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    /// <summary>Reads a zigzag i32.</summary>
    public static int ReadI32(byte[] data, ref int position, int end)
    {
        var value = Zigzag(ReadVarint(data, ref position, end));
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw new InvalidDataException($"an i32 field holds {value}");
    }

    /// <summary>Reads a zigzag i64.</summary>
    public static long ReadI64(byte[] data, ref int position, int end) => Zigzag(ReadVarint(data, ref position, end));

    /// <summary>Reads a binary or string value; returns where its bytes start (its length in <paramref name="length"/>).</summary>
    public static int ReadBinary(byte[] data, ref int position, int end, out int length)
    {
        length = Length(data, ref position, end);
        var start = position;
        Advance(ref position, length, end);
        return start;
    }

    /// <summary>Reads a list (or set) header: the element type and a count that the bytes left can hold (every element takes one at least).</summary>
    public static int ReadListHeader(byte[] data, ref int position, int end, out int elementType)
    {
        if (position >= end)
        {
            throw new EndOfStreamException("a list header runs past the end of its buffer");
        }

        var header = data[position++];
        elementType = header & 0x0F;
        var count = header >> 4 == 15 ? Length(data, ref position, end) : header >> 4;
        return count <= end - position ? count : throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a list declares {count:N0} elements in the {end - position:N0} bytes left"));
    }

    /// <summary>Reads a field header; returns false at the struct's stop byte.</summary>
    public static bool ReadField(byte[] data, ref int position, int end, ref short lastId, out short id, out int type)
    {
        if (position >= end)
        {
            throw new EndOfStreamException("a struct runs past the end of its buffer");
        }

        var b = data[position++];
        type = b & 0x0F;
        if (b == 0)
        {
            id = 0;
            return false;
        }

        if (type == 0)
        {
            // Only the byte 0 ends a struct: a field header of type 0 with an id delta is damage, not a stop.
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"a field header 0x{b:X2} has no type"));
        }

        var delta = b >> 4;
        var value = delta != 0 ? lastId + delta : Zigzag(ReadVarint(data, ref position, end));
        id = value is >= short.MinValue and <= short.MaxValue ? (short)value : throw new InvalidDataException($"a field id of {value}");
        lastId = id;
        return true;
    }

    /// <summary>Reads the value of a boolean field, which the compact protocol keeps in the field's type.</summary>
    public static bool Boolean(int type) => type == 1;

    /// <summary>Skips one value of <paramref name="type"/>.</summary>
    public static void Skip(byte[] data, ref int position, int end, int type, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"a thrift structure nests more than {MaxDepth} levels deep");
        }

        switch (type)
        {
            case 1 or 2:
                return;
            case 3:
                Advance(ref position, 1, end);
                return;
            case 4 or 5 or 6:
                ReadVarint(data, ref position, end);
                return;
            case 7:
                Advance(ref position, 8, end);
                return;
            case 8:
                Advance(ref position, Length(data, ref position, end), end);
                return;
            case 9 or 10:
                if (position >= end)
                {
                    throw new EndOfStreamException("a list header runs past the end of its buffer");
                }

                var header = data[position++];
                var count = header >> 4 == 15 ? Length(data, ref position, end) : header >> 4;
                SkipMany(data, ref position, end, header & 0x0F, count, depth);
                return;
            case 11:
                var entries = Length(data, ref position, end);
                if (entries == 0)
                {
                    return;
                }

                Advance(ref position, 1, end);
                var kinds = data[position - 1];
                SkipMany(data, ref position, end, kinds >> 4, entries, depth, kinds & 0x0F);
                return;
            case TypeStruct:
                short last = 0;
                while (ReadField(data, ref position, end, ref last, out _, out var fieldType))
                {
                    Skip(data, ref position, end, fieldType, depth + 1);
                }

                return;
            default:
                throw new InvalidDataException($"unknown thrift type {type}");
        }
    }

    private static void SkipMany(byte[] data, ref int position, int end, int type, int count, int depth, int valueType = -1)
    {
        for (var i = 0; i < count; i++)
        {
            // Each element takes at least one byte except booleans in a list, which take one byte each in the compact protocol.
            if (type is 1 or 2)
            {
                Advance(ref position, 1, end);
            }
            else
            {
                Skip(data, ref position, end, type, depth + 1);
            }

            if (valueType >= 0)
            {
                Skip(data, ref position, end, valueType, depth + 1);
            }
        }
    }

    private static int Length(byte[] data, ref int position, int end)
    {
        var length = ReadVarint(data, ref position, end);
        return length <= int.MaxValue ? (int)length : throw new InvalidDataException($"a length of {length}");
    }

    private static void Advance(ref int position, int count, int end)
    {
        if (count > end - position)
        {
            throw new EndOfStreamException("a value runs past the end of its buffer");
        }

        position += count;
    }
}
