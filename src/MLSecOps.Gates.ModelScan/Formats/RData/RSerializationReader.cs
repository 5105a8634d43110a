using System.Buffers.Binary;

namespace MLSecOps.Gates.ModelScan.Formats.RData;

/// <summary>
/// Walks an R serialization stream (<c>serialize()</c>, <c>saveRDS</c>, <c>save</c>; XDR or native binary, versions 2 and 3) item by
/// item, as R's <c>ReadItem</c> does, without building any object: it counts promises, closures and bytecode. Pairlists are followed
/// by a loop, so a long list does not deepen the recursion; nesting, items and bytes are capped.
/// </summary>
internal sealed class RSerializationReader(Stream stream, bool bigEndian)
{
    private const int MaxDepth = 512;
    private const long MaxItems = 50_000_000;

    private long _items;

    /// <summary>Gets how many promise objects (<c>PROMSXP</c>) the stream holds.</summary>
    public int Promises { get; private set; }

    /// <summary>Gets how many promises run code when forced: the loaded object itself (or one of its top-level values) is a promise, or the promise's code is a call.</summary>
    public int RunningPromises { get; private set; }

    /// <summary>Gets how many closures (functions) the stream holds.</summary>
    public int Closures { get; private set; }

    /// <summary>Reads the stream header (after the format line) and the one item that follows it.</summary>
    /// <exception cref="InvalidDataException">The stream is malformed, truncated, or over a cap.</exception>
    public void ReadAll(CancellationToken cancellationToken)
    {
        var version = Int();
        Int();
        Int();
        if (version is not (2 or 3))
        {
            throw new InvalidDataException($"unknown serialization version {version}");
        }

        if (version == 3)
        {
            Skip(Int());
        }

        Item(0, cancellationToken);
    }

    private void Item(int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"objects nest more than {MaxDepth} deep");
        }

        var flags = Int();
        while (true)
        {
            if (++_items > MaxItems)
            {
                throw new InvalidDataException($"more than {MaxItems:N0} objects");
            }

            if ((_items & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var type = flags & 0xFF;
            var hasAttribute = (flags & 0x200) != 0;
            var hasTag = (flags & 0x400) != 0;
            switch (type)
            {
                case 254 or 253 or 252 or 251 or 250 or 242 or 241:
                    return;
                case 255:
                    if (flags >> 8 == 0)
                    {
                        Int();
                    }

                    return;
                case 247 or 248 or 249:
                    StringVector(depth, cancellationToken);
                    return;
                case 1:
                    Item(depth + 1, cancellationToken);
                    return;
                case 4:
                    Int();
                    for (var i = 0; i < 4; i++)
                    {
                        Item(depth + 1, cancellationToken);
                    }

                    return;
                case 2 or 3 or 5 or 6 or 17 or 239 or 240:
                    Promises += type == 5 ? 1 : 0;
                    Closures += type == 3 ? 1 : 0;
                    if (hasAttribute)
                    {
                        Item(depth + 1, cancellationToken);
                    }

                    if (hasTag)
                    {
                        Item(depth + 1, cancellationToken);
                    }

                    Item(depth + 1, cancellationToken);

                    // The CDR is the next item: read its flags and go round instead of recursing. A promise's CDR is its code.
                    flags = Int();
                    if (type == 5 && (depth <= 1 || (flags & 0xFF) is 6 or 240))
                    {
                        RunningPromises++;
                    }

                    continue;
                case 238:
                    for (var i = 0; i < 3; i++)
                    {
                        Item(depth + 1, cancellationToken);
                    }

                    return;
                default:
                    Vector(type, depth, cancellationToken);
                    if (hasAttribute)
                    {
                        Item(depth + 1, cancellationToken);
                    }

                    return;
            }
        }
    }

    private void Vector(int type, int depth, CancellationToken cancellationToken)
    {
        switch (type)
        {
            case 22:
                Item(depth + 1, cancellationToken);
                Item(depth + 1, cancellationToken);
                break;
            case 23 or 25:
                break;
            case 7 or 8:
                Skip(Int());
                break;
            case 9:
                var length = Int();
                if (length != -1)
                {
                    Skip(length);
                }

                break;
            case 10 or 13:
                Skip(Length() * 4);
                break;
            case 14:
                Skip(Length() * 8);
                break;
            case 15:
                Skip(Length() * 16);
                break;
            case 24:
                Skip(Length());
                break;
            case 16 or 19 or 20:
                for (long i = 0, count = Length(); i < count; i++)
                {
                    Item(depth + 1, cancellationToken);
                }

                break;
            case 21:
                Closures++;
                Int();
                Bytecode(depth + 1, cancellationToken);
                break;
            default:
                throw new InvalidDataException($"unknown object type {type}");
        }
    }

    private void Bytecode(int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException($"bytecode nests more than {MaxDepth} deep");
        }

        Item(depth + 1, cancellationToken);
        for (long i = 0, count = Int(); i < count; i++)
        {
            var type = Int();
            switch (type)
            {
                case 21:
                    Bytecode(depth + 1, cancellationToken);
                    break;
                case 6 or 2 or 244 or 243 or 239 or 240:
                    BytecodeLanguage(type, depth + 1, cancellationToken);
                    break;
                default:
                    Item(depth + 1, cancellationToken);
                    break;
            }
        }
    }

    private void BytecodeLanguage(int type, int depth, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (depth > MaxDepth)
            {
                throw new InvalidDataException($"bytecode nests more than {MaxDepth} deep");
            }

            switch (type)
            {
                case 243:
                    Int();
                    return;
                case 244 or 6 or 2 or 239 or 240:
                    if (type == 244)
                    {
                        Int();
                        type = Int();
                    }

                    if (type is 239 or 240)
                    {
                        Item(depth + 1, cancellationToken);
                    }

                    Item(depth + 1, cancellationToken);
                    BytecodeLanguage(Int(), depth + 1, cancellationToken);

                    // The CDR, as in Item: a loop, not recursion.
                    type = Int();
                    continue;
                default:
                    Item(depth + 1, cancellationToken);
                    return;
            }
        }
    }

    private void StringVector(int depth, CancellationToken cancellationToken)
    {
        Int();
        for (long i = 0, count = Int(); i < count; i++)
        {
            Item(depth + 1, cancellationToken);
        }
    }

    private long Length()
    {
        var length = Int();
        if (length != -1)
        {
            return length < 0 ? throw new InvalidDataException($"negative length {length}") : length;
        }

        var upper = (long)(uint)Int();
        var lower = (long)(uint)Int();
        return upper > int.MaxValue ? throw new InvalidDataException("a long vector is longer than any file") : (upper << 32) | lower;
    }

    private int Int()
    {
        Span<byte> bytes = stackalloc byte[4];
        stream.ReadExactly(bytes);
        return bigEndian ? BinaryPrimitives.ReadInt32BigEndian(bytes) : BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    private void Skip(long count)
    {
        if (count < 0)
        {
            throw new InvalidDataException($"negative length {count}");
        }

        var buffer = new byte[(int)Math.Min(count, 64 * 1024)];
        while (count > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0)
            {
                throw new EndOfStreamException("the stream ends inside an object");
            }

            count -= read;
        }
    }
}
