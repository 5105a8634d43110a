using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;

/// <summary>
/// Rewrites one UBJSON value (XGBoost's <c>.ubj</c>, big-endian, optimised <c>$</c>/<c>#</c> containers) as JSON text, bounded: nesting,
/// every count against the bytes left, and the size of the output; the value must fill the stream.
/// </summary>
internal sealed class UbjsonTranscoder(Stream input, long maxOutputBytes, CancellationToken cancellationToken)
{
    private const int MaxDepth = 64;
    private const int MaxStringBytes = 64 << 20;
    private const long MaxEmptyItems = 1_000_000;
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly byte[] _scratch = new byte[8];
    private long _items;

    /// <summary>Transcodes the stream and returns the JSON bytes.</summary>
    public ReadOnlyMemory<byte> Transcode()
    {
        using (var writer = new Utf8JsonWriter(_output, new JsonWriterOptions { SkipValidation = true, MaxDepth = MaxDepth + 1 }))
        {
            Value(writer, ReadMarker(), 0);
            writer.Flush();
        }

        return input.Position == input.Length ? _output.WrittenMemory : throw new InvalidDataException($"{input.Length - input.Position:N0} bytes follow the UBJSON value");
    }

    private void Value(Utf8JsonWriter writer, byte marker, int depth)
    {
        if ((++_items & 0xFFFF) == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_output.WrittenCount > maxOutputBytes)
            {
                throw new InvalidDataException($"the model expands to more than {maxOutputBytes:N0} bytes of JSON");
            }
        }

        switch (marker)
        {
            case (byte)'Z':
                writer.WriteNullValue();
                break;
            case (byte)'T':
                writer.WriteBooleanValue(true);
                break;
            case (byte)'F':
                writer.WriteBooleanValue(false);
                break;
            case (byte)'i' or (byte)'U' or (byte)'I' or (byte)'l' or (byte)'L':
                writer.WriteNumberValue(Integer(marker));
                break;
            case (byte)'d':
                Float(writer, BinaryPrimitives.ReadSingleBigEndian(Small(4)));
                break;
            case (byte)'D':
                Float(writer, BinaryPrimitives.ReadDoubleBigEndian(Small(8)));
                break;
            case (byte)'C':
                writer.WriteStringValue(Encoding.Latin1.GetString(Small(1)));
                break;
            case (byte)'S' or (byte)'H':
                writer.WriteStringValue(Text());
                break;
            case (byte)'[':
                Container(writer, depth, isObject: false);
                break;
            case (byte)'{':
                Container(writer, depth, isObject: true);
                break;
            default:
                throw new InvalidDataException($"byte 0x{marker:X2} at offset {input.Position - 1} is not a UBJSON value");
        }
    }

    private void Container(Utf8JsonWriter writer, int depth, bool isObject)
    {
        if (depth >= MaxDepth)
        {
            throw new InvalidDataException($"values nest more than {MaxDepth} deep");
        }

        byte? type = null;
        long? count = null;
        var next = ReadMarker();
        if (next == '$')
        {
            type = ReadMarker();
            next = ReadMarker();
            if (next != '#')
            {
                throw new InvalidDataException("a typed UBJSON container has no count");
            }
        }

        if (next == '#')
        {
            count = Integer(ReadMarker());
            var left = input.Length - input.Position;
            var zeroSized = type is (byte)'Z' or (byte)'T' or (byte)'F' or (byte)'N';
            if (count < 0 || (zeroSized ? count > MaxEmptyItems : count > left))
            {
                throw new InvalidDataException($"a container at offset {input.Position} declares {count:N0} items, more than the {left:N0} bytes left");
            }
        }

        if (isObject)
        {
            writer.WriteStartObject();
        }
        else
        {
            writer.WriteStartArray();
        }

        for (long i = 0; count is null || i < count; i++)
        {
            var marker = count is null ? (i == 0 ? next : ReadMarker()) : (byte)0;
            if (count is null && marker == (isObject ? '}' : ']'))
            {
                break;
            }

            if (isObject)
            {
                // An object key is a length (any integer marker) and UTF-8 bytes, without the 'S'.
                writer.WritePropertyName(Text(count is null ? marker : ReadMarker()));
                Value(writer, type ?? ReadMarker(), depth + 1);
            }
            else
            {
                Value(writer, type ?? (count is null ? marker : ReadMarker()), depth + 1);
            }
        }

        if (isObject)
        {
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteEndArray();
        }
    }

    private static void Float(Utf8JsonWriter writer, double value)
    {
        // JSON has no NaN or infinity; the value itself is never judged, only that it is a number.
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    private string Text(byte? lengthMarker = null)
    {
        var length = Integer(lengthMarker ?? ReadMarker());
        if (length < 0 || length > MaxStringBytes || length > input.Length - input.Position)
        {
            throw new InvalidDataException($"a string at offset {input.Position} declares {length:N0} bytes");
        }

        var bytes = Bytes((int)length);
        return System.Text.Unicode.Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : throw new InvalidDataException("a UBJSON string is not valid UTF-8");
    }

    private long Integer(byte marker) => marker switch
    {
        (byte)'i' => (sbyte)Small(1)[0],
        (byte)'U' => Small(1)[0],
        (byte)'I' => BinaryPrimitives.ReadInt16BigEndian(Small(2)),
        (byte)'l' => BinaryPrimitives.ReadInt32BigEndian(Small(4)),
        (byte)'L' => BinaryPrimitives.ReadInt64BigEndian(Small(8)),
        _ => throw new InvalidDataException($"byte 0x{marker:X2} at offset {input.Position - 1} is not a UBJSON integer"),
    };

    private byte ReadMarker()
    {
        int b;
        do
        {
            b = input.ReadByte();
        }
        while (b == 'N');

        return b < 0 ? throw new InvalidDataException("the UBJSON data ends inside a value") : (byte)b;
    }

    private ReadOnlySpan<byte> Small(int count)
    {
        var bytes = _scratch.AsSpan(0, count);
        input.ReadExactly(bytes);
        return bytes;
    }

    private byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        input.ReadExactly(bytes);
        return bytes;
    }
}
