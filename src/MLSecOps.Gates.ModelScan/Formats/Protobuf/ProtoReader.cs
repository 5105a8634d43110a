using System.Text;

namespace MLSecOps.Gates.ModelScan.Formats.Protobuf;

/// <summary>A bounded protobuf wire-format reader over a seekable stream: messages are walked by byte range, unwanted fields are skipped, never buffered.</summary>
internal sealed class ProtoReader
{
    private const int MaxGroupNesting = 32;

    private readonly Stream _stream;
    private int _lastField;

    /// <summary>Initializes a new instance of the <see cref="ProtoReader"/> class.</summary>
    public ProtoReader(Stream stream) => _stream = stream;

    /// <summary>Gets the current offset.</summary>
    public long Position => _stream.Position;

    /// <summary>Gets the length of the underlying data.</summary>
    public long Length => _stream.Length;

    /// <summary>Reads the next field key before <paramref name="end"/>; false at the end of the message.</summary>
    public bool TryReadKey(long end, out int field, out WireType wire)
    {
        if (_stream.Position >= end)
        {
            field = 0;
            wire = WireType.Varint;
            return false;
        }

        var key = ReadVarint(end);
        field = (int)(key >> 3);
        wire = (WireType)(key & 7);
        _lastField = field;
        if (field <= 0 || key >> 3 > int.MaxValue)
        {
            throw new InvalidDataException($"invalid protobuf field number at offset {_stream.Position}");
        }

        return true;
    }

    /// <summary>Reads a varint that must end before <paramref name="end"/>.</summary>
    public ulong ReadVarint(long end)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_stream.Position >= end)
            {
                throw new InvalidDataException("truncated protobuf varint");
            }

            var b = _stream.ReadByte();
            if (b < 0)
            {
                throw new InvalidDataException("truncated protobuf varint");
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new InvalidDataException("protobuf varint longer than 10 bytes");
    }

    /// <summary>Reads a length prefix and returns the end offset of the field, which must lie within <paramref name="end"/>.</summary>
    public long ReadLengthDelimitedEnd(long end)
    {
        var length = ReadVarint(end);
        var remaining = end - _stream.Position;
        if (length > (ulong)remaining)
        {
            throw new InvalidDataException($"protobuf field of {length} bytes overruns its message at offset {_stream.Position}");
        }

        return _stream.Position + (long)length;
    }

    /// <summary>Reads a length-delimited field as UTF-8, keeping at most <paramref name="maxBytes"/> bytes and skipping the rest.</summary>
    public string ReadString(long end, int maxBytes)
    {
        var bytes = ReadBytes(end, maxBytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Reads a length-delimited field, keeping at most <paramref name="maxBytes"/> bytes and skipping the rest.</summary>
    public byte[] ReadBytes(long end, int maxBytes)
    {
        var fieldEnd = ReadLengthDelimitedEnd(end);
        var take = (int)Math.Min(fieldEnd - _stream.Position, maxBytes);
        var buffer = new byte[take];
        _stream.ReadExactly(buffer);
        _stream.Position = fieldEnd;
        return buffer;
    }

    /// <summary>Skips the value of the field whose key was read last.</summary>
    public void Skip(WireType wire, long end) => Skip(_lastField, wire, end, 0);

    /// <summary>Moves to <paramref name="offset"/>, the end of a message that was walked.</summary>
    public void MoveTo(long offset) => _stream.Position = offset;

    private void Skip(int field, WireType wire, long end, int nesting)
    {
        switch (wire)
        {
            case WireType.Varint:
                ReadVarint(end);
                break;
            case WireType.Fixed64:
                SkipBytes(8, end);
                break;
            case WireType.LengthDelimited:
                _stream.Position = ReadLengthDelimitedEnd(end);
                break;
            case WireType.Fixed32:
                SkipBytes(4, end);
                break;
            case WireType.StartGroup:
                // Deprecated groups are still valid in unknown fields, and real parsers skip them: so must we, or a group hides what follows.
                SkipGroup(field, end, nesting);
                break;
            default:
                throw new InvalidDataException($"unexpected protobuf wire type {(int)wire} at offset {_stream.Position}");
        }
    }

    private void SkipGroup(int field, long end, int nesting)
    {
        if (nesting >= MaxGroupNesting)
        {
            throw new InvalidDataException($"protobuf groups nested deeper than {MaxGroupNesting} levels");
        }

        while (TryReadKey(end, out var inner, out var wire))
        {
            if (wire == WireType.EndGroup)
            {
                if (inner != field)
                {
                    throw new InvalidDataException($"protobuf group {field} closed by {inner}");
                }

                return;
            }

            Skip(inner, wire, end, nesting + 1);
        }

        throw new InvalidDataException($"protobuf group {field} is not closed");
    }

    private void SkipBytes(int count, long end)
    {
        if (end - _stream.Position < count)
        {
            throw new InvalidDataException("truncated protobuf fixed-width field");
        }

        _stream.Position += count;
    }
}

/// <summary>Protobuf wire types.</summary>
internal enum WireType
{
    /// <summary>A varint.</summary>
    Varint = 0,

    /// <summary>Eight bytes.</summary>
    Fixed64 = 1,

    /// <summary>A length prefix and that many bytes.</summary>
    LengthDelimited = 2,

    /// <summary>Start of a deprecated group.</summary>
    StartGroup = 3,

    /// <summary>End of a deprecated group.</summary>
    EndGroup = 4,

    /// <summary>Four bytes.</summary>
    Fixed32 = 5,
}
