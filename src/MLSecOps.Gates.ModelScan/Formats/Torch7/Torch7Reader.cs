using System.Buffers.Binary;
using System.Text;

namespace MLSecOps.Gates.ModelScan.Formats.Torch7;

/// <summary>
/// Walks a binary torch7 file (<c>torch.save</c> of Lua Torch) as <c>File:readObject</c> reads it: nil, numbers, booleans, strings, tables,
/// Torch objects (tensors and storages by their own <c>read</c> layout, every other class as its field table) and serialised Lua functions.
/// Nothing is built: every length is checked against the bytes left, references are only counted, and nesting is capped.
/// </summary>
internal sealed class Torch7Reader(Stream stream, long length, CancellationToken cancellationToken)
{
    /// <summary>The deepest nesting of tables and objects read.</summary>
    public const int MaxDepth = 200;

    /// <summary>The most objects read from one file.</summary>
    public const long MaxObjects = 20_000_000;

    private const int Nil = 0, Number = 1, String = 2, Table = 3, Torch = 4, Boolean = 5, Function = 6, LegacyRecurFunction = 7, RecurFunction = 8;
    private const int MaxNameBytes = 300;
    private const int MaxDimensions = 64;

    private readonly HashSet<int> _indices = [];
    private readonly byte[] _scalar = new byte[8];
    private long _position;
    private long _objects;

    /// <summary>Gets the serialised Lua functions found, by where they sit.</summary>
    public List<string> Functions { get; } = [];

    /// <summary>Gets the Torch classes found, by name, with the first place each sits.</summary>
    public Dictionary<string, string> Classes { get; } = new(StringComparer.Ordinal);

    /// <summary>Returns whether <paramref name="head"/> starts like a binary torch7 object (a little-endian type tag 0–8).</summary>
    public static bool LooksBinary(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && BinaryPrimitives.ReadInt32LittleEndian(head) is >= Nil and <= RecurFunction;

    /// <summary>Reads the root object; throws <see cref="InvalidDataException"/> where the data stops making sense.</summary>
    public void Read() => ReadObject("", 0);

    private void ReadObject(string where, int depth)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"objects nest deeper than {MaxDepth} at {Where(where)}");
        }

        if (++_objects > MaxObjects)
        {
            throw new InvalidDataException($"more than {MaxObjects} objects");
        }

        var type = ReadInt();
        switch (type)
        {
            case Nil:
                return;
            case Number:
                Skip(8);
                return;
            case Boolean:
                Skip(4);
                return;
            case String:
                Skip(ReadLength());
                return;
            case Function:
                ReadFunction(where, depth);
                return;
            case Table or Torch or LegacyRecurFunction or RecurFunction:
                if (!_indices.Add(ReadInt()))
                {
                    // A reference to an object read before.
                    return;
                }

                if (type == Table)
                {
                    ReadTable(where, depth);
                }
                else if (type == Torch)
                {
                    ReadTorchObject(where, depth);
                }
                else
                {
                    ReadFunction(where, depth);
                }

                return;
            default:
                throw new InvalidDataException($"unknown object type {type} at offset {_position - 4}");
        }
    }

    private void ReadFunction(string where, int depth)
    {
        // The Lua bytecode (string.dump), then the table of upvalues.
        Functions.Add(Where(where));
        Skip(ReadLength());
        ReadObject(where + ".<upvalues>", depth + 1);
    }

    private void ReadTable(string where, int depth)
    {
        var size = ReadInt();
        if (size < 0 || size > (length - _position) / 8)
        {
            throw new InvalidDataException($"a table of {size} entries does not fit in the file at offset {_position - 4}");
        }

        for (var i = 0; i < size; i++)
        {
            var key = ReadKey(depth);
            ReadObject(where.Length == 0 ? key : $"{where}.{key}", depth + 1);
        }
    }

    // Keys are read like any object; a string or number key names the place of what follows.
    private string ReadKey(int depth)
    {
        var start = _position;
        var type = ReadInt();
        if (type == String)
        {
            var size = ReadLength();
            var bytes = ReadBytes((int)Math.Min(size, MaxNameBytes));
            Skip(size - bytes.Length);
            return Encoding.UTF8.GetString(bytes);
        }

        if (type == Number)
        {
            ReadBytes(8).CopyTo(_scalar, 0);
            return BinaryPrimitives.ReadDoubleLittleEndian(_scalar).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        stream.Seek(start - _position, SeekOrigin.Current);
        _position = start;
        ReadObject("<key>", depth + 1);
        return "?";
    }

    private void ReadTorchObject(string where, int depth)
    {
        var version = ReadName();
        var className = version.StartsWith("V ", StringComparison.Ordinal) ? ReadName() : version;
        Classes.TryAdd(className, Where(where));
        if (!className.StartsWith("torch.", StringComparison.Ordinal))
        {
            // Every other class (nn modules, ...) is written as the table of its fields.
            ReadObject(where, depth + 1);
        }
        else if (className.EndsWith("Storage", StringComparison.Ordinal))
        {
            var size = ReadLong();
            var bytes = checked(size * ElementSize(className));
            if (size < 0 || bytes > length - _position)
            {
                throw new InvalidDataException($"the {className} of {size} elements does not fit in the file");
            }

            Skip(bytes);
        }
        else if (className.EndsWith("Tensor", StringComparison.Ordinal))
        {
            var dimensions = ReadInt();
            if (dimensions is < 0 or > MaxDimensions)
            {
                throw new InvalidDataException($"a {className} with {dimensions} dimensions");
            }

            Skip(((2L * dimensions) + 1) * 8);
            ReadObject(where, depth + 1);
        }
        else
        {
            ReadObject(where, depth + 1);
        }
    }

    private static long ElementSize(string className)
    {
        var type = className["torch.".Length..^"Storage".Length].Replace("Cuda", "", StringComparison.Ordinal);
        return type switch
        {
            "Byte" or "Char" or "Bool" => 1,
            "Short" or "Half" => 2,
            "Int" or "Float" or "" => 4,
            "Long" or "Double" => 8,
            _ => throw new InvalidDataException($"unknown storage class {className}"),
        };
    }

    private string ReadName()
    {
        var size = ReadLength();
        if (size > MaxNameBytes)
        {
            throw new InvalidDataException($"a class name of {size} bytes");
        }

        return Encoding.UTF8.GetString(ReadBytes((int)size));
    }

    private long ReadLength()
    {
        var size = ReadInt();
        if (size < 0 || size > length - _position)
        {
            throw new InvalidDataException($"a string of {size} bytes does not fit in the file at offset {_position - 4}");
        }

        return size;
    }

    private int ReadInt() => BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4));

    private long ReadLong() => BinaryPrimitives.ReadInt64LittleEndian(ReadBytes(8));

    private byte[] ReadBytes(int count)
    {
        var bytes = count <= 8 ? _scalar.AsSpan(0, count).ToArray() : new byte[count];
        if (stream.ReadAtLeast(bytes, count, throwOnEndOfStream: false) < count)
        {
            throw new InvalidDataException($"the file ends inside an object at offset {_position}");
        }

        _position += count;
        return bytes;
    }

    private void Skip(long count)
    {
        if (count > length - _position)
        {
            throw new InvalidDataException($"the file ends inside an object at offset {_position}");
        }

        stream.Seek(count, SeekOrigin.Current);
        _position += count;
    }

    private static string Where(string where) => where.Length == 0 ? "(root)" : where;
}
