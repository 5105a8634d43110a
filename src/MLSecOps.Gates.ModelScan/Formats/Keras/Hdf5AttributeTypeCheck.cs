using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MLSecOps.Gates.ModelScan.Formats.Keras;

/// <summary>
/// A bounded pre-pass over the root group's object header of an HDF5 file, run before PureHDF sees it: every
/// attribute datatype must nest at most <see cref="MaxTypeDepth"/> levels and fit in its declared size.
/// </summary>
/// <remarks>PureHDF decodes datatypes recursively and reads past a message's declared size, so 20,000 nested
/// variable-length types in a 168 KB file overflow its stack, which ends the process and cannot be caught.
/// This check keeps its own recursion under <see cref="MaxTypeDepth"/> and reads only the bytes the headers declare.</remarks>
internal static class Hdf5AttributeTypeCheck
{
    /// <summary>The deepest datatype nesting accepted; Keras writes one or two levels (a variable-length string).</summary>
    public const int MaxTypeDepth = 32;

    private const int MaxChunkBytes = 4 * 1024 * 1024;
    private const int MaxChunks = 64;
    private const ushort AttributeMessage = 0x000C;
    private const ushort ContinuationMessage = 0x0010;
    private const ushort AttributeInfoMessage = 0x0015;
    private static readonly byte[] OhdrSignature = "OHDR"u8.ToArray();

    /// <summary>Returns why PureHDF must not read the file, or <see langword="null"/> when its root attributes are safe to decode.</summary>
    /// <param name="fullPath">The HDF5 file (its signature already checked at offset 0).</param>
    /// <returns>The problem, one phrase, or <see langword="null"/>.</returns>
    public static string? Problem(string fullPath)
    {
        using var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            return new Reader(handle).RootProblem();
        }
        catch (InvalidDataException ex)
        {
            return ex.Message;
        }
    }

    private sealed class Reader(SafeFileHandle handle)
    {
        private int _offsetSize = 8;
        private int _lengthSize = 8;
        private long _base;
        private int _chunks;

        public string? RootProblem()
        {
            var superblock = Read(0, 128, exact: false);
            var version = superblock[8];
            long root;
            if (version is 0 or 1)
            {
                _offsetSize = superblock[13];
                _lengthSize = superblock[14];
                var at = version == 0 ? 24 : 28;
                _base = Offset(superblock, at);
                // Base, free-space, end-of-file and driver addresses, then the root symbol table entry (link name offset, header address).
                root = Offset(superblock, at + (5 * _offsetSize));
            }
            else if (version is 2 or 3)
            {
                _offsetSize = superblock[9];
                _lengthSize = superblock[10];
                _base = Offset(superblock, 12);
                root = Offset(superblock, 12 + (3 * _offsetSize));
            }
            else
            {
                throw new InvalidDataException($"HDF5 superblock version {version} is not known");
            }

            if (_offsetSize is not (2 or 4 or 8) || _lengthSize is not (2 or 4 or 8))
            {
                throw new InvalidDataException("the HDF5 superblock declares impossible address sizes");
            }

            return HeaderProblem(_base + root);
        }

        private string? HeaderProblem(long address)
        {
            var head = Read(address, 16, exact: false);
            return head.AsSpan().StartsWith(OhdrSignature) ? Version2Problem(address, head) : Version1Problem(address, head);
        }

        private string? Version1Problem(long address, byte[] head)
        {
            if (head[0] != 1)
            {
                throw new InvalidDataException($"HDF5 object header version {head[0]} is not known");
            }

            var size = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(8));
            var pending = new Queue<(long Address, long Length)>([(address + 16, size)]);
            while (pending.TryDequeue(out var chunk))
            {
                var data = Chunk(chunk.Address, chunk.Length);
                for (var p = 0; p + 8 <= data.Length;)
                {
                    var type = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(p));
                    var length = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(p + 2));
                    var body = Slice(data, p + 8, length);
                    if (MessageProblem(type, data[p + 4], body, pending) is { } problem)
                    {
                        return problem;
                    }

                    p += 8 + length;
                }
            }

            return null;
        }

        private string? Version2Problem(long address, byte[] head)
        {
            var flags = head[5];
            var at = 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            var sizeBytes = 1 << (flags & 0x03);
            var chunkHead = Read(address + at, sizeBytes, exact: true);
            var size = sizeBytes switch
            {
                1 => chunkHead[0],
                2 => BinaryPrimitives.ReadUInt16LittleEndian(chunkHead),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(chunkHead),
                _ => (long)BinaryPrimitives.ReadUInt64LittleEndian(chunkHead),
            };
            var pending = new Queue<(long Address, long Length)>([(address + at + sizeBytes, size)]);
            var first = true;
            while (pending.TryDequeue(out var chunk))
            {
                var data = Chunk(chunk.Address, chunk.Length);
                // Continuation chunks start with "OCHK"; every chunk ends with a 4-byte checksum.
                var p = first ? 0 : 4;
                var end = data.Length - (first ? 0 : 4);
                first = false;
                var headerBytes = 4 + ((flags & 0x04) != 0 ? 2 : 0);
                while (p + headerBytes <= end)
                {
                    var type = data[p];
                    var length = BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(p + 1));
                    var body = Slice(data, p + headerBytes, length);
                    if (MessageProblem(type, data[p + 3], body, pending) is { } problem)
                    {
                        return problem;
                    }

                    p += headerBytes + length;
                }
            }

            return null;
        }

        private string? MessageProblem(ushort type, byte messageFlags, byte[] body, Queue<(long, long)> pending)
        {
            if ((messageFlags & 0x02) != 0 && type == AttributeMessage)
            {
                return "a root attribute is stored as a shared message, which is not checked before decoding";
            }

            switch (type)
            {
                case ContinuationMessage:
                    if (++_chunks > MaxChunks)
                    {
                        return $"the root object header has more than {MaxChunks} continuation blocks";
                    }

                    pending.Enqueue((_base + Offset(body, 0), Length(body, _offsetSize)));
                    return null;
                case AttributeInfoMessage:
                    return DenseStorage(body)
                        ? "the root attributes are in dense (fractal heap) storage, which is not checked before decoding"
                        : null;
                case AttributeMessage:
                    return AttributeProblem(body);
                default:
                    return null;
            }
        }

        private bool DenseStorage(byte[] body)
        {
            var at = 2 + ((body.Length > 1 && (body[1] & 0x01) != 0) ? 2 : 0);
            return at + _offsetSize <= body.Length && !IsUndefined(body.AsSpan(at, _offsetSize));
        }

        private static string? AttributeProblem(byte[] body)
        {
            if (body.Length < 9)
            {
                return "a root attribute message is truncated";
            }

            var version = body[0];
            if (version is < 1 or > 3)
            {
                return $"a root attribute has unknown message version {version}";
            }

            var nameSize = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(2));
            var typeSize = BinaryPrimitives.ReadUInt16LittleEndian(body.AsSpan(4));
            if (version >= 2 && (body[1] & 0x01) != 0)
            {
                return "a root attribute uses a shared (committed) datatype, which is not checked before decoding";
            }

            var at = (version == 3 ? 9 : 8) + (version == 1 ? Pad8(nameSize) : nameSize);
            var nameAt = version == 3 ? 9 : 8;
            var name = Encoding.UTF8.GetString(body, nameAt, Math.Clamp(nameSize - 1, 0, Math.Max(0, body.Length - nameAt)));
            var end = at + typeSize;
            if (end > body.Length)
            {
                return $"the '{name}' attribute declares a {typeSize}-byte datatype that does not fit in its message";
            }

            try
            {
                var used = new TypeWalk(body, end).Walk(at, 1);
                return used > end ? $"the '{name}' attribute's datatype runs past its declared {typeSize} bytes" : null;
            }
            catch (InvalidDataException ex)
            {
                return $"the '{name}' attribute's datatype {ex.Message}";
            }
        }

        private byte[] Chunk(long address, long length)
        {
            if (length is < 0 or > MaxChunkBytes)
            {
                throw new InvalidDataException($"an HDF5 object header block of {length} bytes is over the {MaxChunkBytes}-byte limit");
            }

            return Read(address, (int)length, exact: true);
        }

        private byte[] Read(long offset, int count, bool exact)
        {
            var buffer = new byte[count];
            var read = offset >= 0 ? RandomAccess.Read(handle, buffer, offset) : 0;
            if (exact && read < count)
            {
                throw new InvalidDataException("an HDF5 object header points past the end of the file");
            }

            return read == count ? buffer : buffer[..read];
        }

        private long Offset(byte[] data, int at) => Length(data, at, _offsetSize);

        private long Length(byte[] data, int at) => Length(data, at, _lengthSize);

        private static long Length(byte[] data, int at, int size)
        {
            if (at < 0 || at + size > data.Length)
            {
                throw new InvalidDataException("an HDF5 header field is truncated");
            }

            var span = data.AsSpan(at, size);
            if (IsUndefined(span))
            {
                return -1;
            }

            var value = size switch
            {
                2 => BinaryPrimitives.ReadUInt16LittleEndian(span),
                4 => BinaryPrimitives.ReadUInt32LittleEndian(span),
                _ => BinaryPrimitives.ReadUInt64LittleEndian(span),
            };
            return value > long.MaxValue / 2 ? throw new InvalidDataException("an HDF5 address is out of range") : (long)value;
        }

        private static bool IsUndefined(ReadOnlySpan<byte> field) => !field.ContainsAnyExcept((byte)0xFF);

        private static byte[] Slice(byte[] data, int at, int length) =>
            at + length <= data.Length ? data[at..(at + length)] : throw new InvalidDataException("an HDF5 header message runs past its block");

        private static int Pad8(int size) => (size + 7) / 8 * 8;
    }

    /// <summary>Walks one encoded datatype within <c>end</c>, recursing at most <see cref="MaxTypeDepth"/> levels.</summary>
    private sealed class TypeWalk(byte[] data, int end)
    {
        /// <summary>Returns the offset just after the datatype that starts at <paramref name="at"/>.</summary>
        public int Walk(int at, int depth)
        {
            if (depth > MaxTypeDepth)
            {
                throw new InvalidDataException($"nests deeper than {MaxTypeDepth} levels");
            }

            Need(at, 8);
            var typeClass = data[at] & 0x0F;
            var version = data[at] >> 4;
            var bits = data[at + 1] | (data[at + 2] << 8);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at + 4));
            var p = at + 8;
            return typeClass switch
            {
                0 => Skip(p, 4),
                1 => Skip(p, 12),
                2 => Skip(p, 2),
                3 or 7 => p,
                4 => Skip(p, 4),
                5 => Skip(p, data[at + 1]),
                6 => Compound(p, version, bits, size, depth),
                8 => Enumeration(p, version, bits, depth),
                9 or 11 => Walk(p, depth + 1),
                10 => Walk(Skip(p + 1, (version == 2 ? 3 : 0) + (Rank(p) * (version == 2 ? 8 : 4))), depth + 1),
                _ => throw new InvalidDataException($"has unknown class {typeClass}"),
            };
        }

        private int Compound(int p, int version, int members, uint size, int depth)
        {
            for (var i = 0; i < members; i++)
            {
                p = Name(p, padded: version < 3);
                p = version switch
                {
                    1 => Skip(p, 4 + 1 + 3 + 4 + 4 + 16),
                    2 => Skip(p, 4),
                    _ => Skip(p, size < 0x100 ? 1 : size < 0x10000 ? 2 : size < 0x1000000 ? 3 : 4),
                };
                p = Walk(p, depth + 1);
            }

            return p;
        }

        private int Enumeration(int p, int version, int members, int depth)
        {
            var baseAt = p;
            p = Walk(p, depth + 1);
            var baseSize = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(baseAt + 4)), int.MaxValue / 0x10000);
            for (var i = 0; i < members; i++)
            {
                p = Name(p, padded: version < 3);
            }

            return Skip(p, members * baseSize);
        }

        private int Rank(int p)
        {
            Need(p, 1);
            return data[p];
        }

        private int Name(int p, bool padded)
        {
            var nul = Array.IndexOf(data, (byte)0, p, Math.Max(0, end - p));
            if (nul < 0)
            {
                throw new InvalidDataException("has a member name that runs past its declared size");
            }

            var length = nul - p + 1;
            return Skip(p, padded ? (length + 7) / 8 * 8 : length);
        }

        private int Skip(int p, int count)
        {
            Need(p, count);
            return p + count;
        }

        private void Need(int p, int count)
        {
            if (count < 0 || p + count > end)
            {
                throw new InvalidDataException("runs past its declared size");
            }
        }
    }
}
