using System.Buffers.Binary;
using System.Text;

namespace MLSecOps.Gates.ModelScan.Formats.Gguf;

/// <summary>Parses a GGUF header (versions 1-3, little-endian) with every declared count checked against the bytes left, never allocating by a count.</summary>
internal sealed class GgufHeaderReader
{
    /// <summary>The largest chat template read; bigger ones are reported as not fully analysed.</summary>
    public const int MaxTemplateBytes = 1024 * 1024;

    /// <summary>The most template bytes held for inspection from one file; the count of templates is the file's to choose, memory is not.</summary>
    public const long MaxTemplateTotalBytes = 16L * MaxTemplateBytes;

    /// <summary>The most tensor infos checked: real models have a few thousand, and each one checked costs memory until the data section is known.</summary>
    public const int MaxTensors = 1 << 20;

    private const int MaxKeyBytes = 65_536;
    private const int MaxDimensions = 4;
    private const int MaxArrayNesting = 4;

    // ggml_type → (block bytes, elements per block), from ggml.c type traits.
    private static readonly Dictionary<uint, (int Bytes, int Elements)> TypeSizes = new()
    {
        [0] = (4, 1), [1] = (2, 1), [2] = (18, 32), [3] = (20, 32), [6] = (22, 32), [7] = (24, 32), [8] = (34, 32), [9] = (36, 32),
        [10] = (84, 256), [11] = (110, 256), [12] = (144, 256), [13] = (176, 256), [14] = (210, 256), [15] = (292, 256),
        [16] = (66, 256), [17] = (74, 256), [18] = (98, 256), [19] = (50, 256), [20] = (18, 32), [21] = (110, 256), [22] = (82, 256),
        [23] = (136, 256), [24] = (1, 1), [25] = (2, 1), [26] = (4, 1), [27] = (8, 1), [28] = (8, 1), [29] = (56, 256), [30] = (2, 1),
        [34] = (54, 256), [35] = (66, 256),
    };

    private readonly Stream _stream;
    private readonly long _length;
    private readonly byte[] _scratch = new byte[8];
    private uint _version;

    private readonly CancellationToken _cancellationToken;

    private GgufHeaderReader(Stream stream, CancellationToken cancellationToken)
    {
        _stream = stream;
        _cancellationToken = cancellationToken;
        _length = stream.Length;
    }

    /// <summary>Reads the header of the GGUF file open in <paramref name="stream"/>.</summary>
    public static GgufHeader Read(Stream stream, CancellationToken cancellationToken = default) => new GgufHeaderReader(stream, cancellationToken).Read();

    private long Remaining => _length - _stream.Position;

    private GgufHeader Read()
    {
        var templates = new List<(string, string)>();
        long templateBytes = 0;
        string? incomplete = null;
        var key = "header";
        try
        {
            if (ReadUInt32() != 0x46554747)
            {
                return Fail("header", "the file does not start with 'GGUF'");
            }

            _version = ReadUInt32();
            if (_version is < 1 or > 3)
            {
                return Fail("header", $"unknown GGUF version {_version} (1-3 are defined; a big-endian file also reads as an unknown version)");
            }

            var tensorCount = ReadCount();
            var kvCount = ReadCount();
            // Each entry takes at least a key length, a type and one value byte; each tensor info at least 24 bytes.
            if (kvCount > (ulong)Remaining / 13)
            {
                return Fail("header", $"{kvCount} metadata entries declared but only {Remaining} bytes follow");
            }

            if (tensorCount > (ulong)Remaining / 24)
            {
                return Fail("header", $"{tensorCount} tensors declared but only {Remaining} bytes follow");
            }

            var alignment = 32u;
            for (ulong i = 0; i < kvCount; i++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                key = $"metadata[{i}]";
                key = ReadKey(key);
                var type = ReadUInt32();
                if (type == 8)
                {
                    var length = ReadLength(key);
                    if (length > MaxTemplateBytes)
                    {
                        if (IsChatTemplate(key))
                        {
                            incomplete = $"the chat template '{key}' has {length} bytes, more than {MaxTemplateBytes}";
                        }

                        Skip(length, key);
                        continue;
                    }

                    if (templateBytes + (long)length > MaxTemplateTotalBytes)
                    {
                        // 300 one-megabyte templates peaked at 990 MB: past the total, strings are skipped unread and the file is incomplete.
                        incomplete ??= $"the strings from '{key}' on were not inspected: the file holds more than {MaxTemplateTotalBytes / MaxTemplateBytes} MiB of chat templates";
                        Skip(length, key);
                        continue;
                    }

                    var bytes = new byte[(int)length];
                    _stream.ReadExactly(bytes);
                    var text = Encoding.UTF8.GetString(bytes);

                    // A misspelt or damaged key does not make a template harmless (a loader may still pick it by name): any Jinja-looking string is inspected.
                    if (IsChatTemplate(key) || LooksLikeJinja(text))
                    {
                        templates.Add((key, text));
                        templateBytes += (long)length;
                    }
                }
                else if (key == "general.alignment" && type == 4)
                {
                    alignment = ReadUInt32();
                    if (alignment == 0 || (alignment & (alignment - 1)) != 0)
                    {
                        return Fail(key, $"alignment {alignment} is not a power of two");
                    }
                }
                else
                {
                    SkipValue(type, key, 0);
                }
            }

            if (tensorCount > MaxTensors)
            {
                // Each tensor info is held until the data section's start is known: 8 million of them in 192 MB peaked at 620 MB.
                return new GgufHeader(templates, null, incomplete ?? $"the file declares {tensorCount} tensors; more than {MaxTensors} are not checked");
            }

            // Where each tensor info starts, not its name: a name is read again only for the one tensor reported.
            var tensors = new List<(long Position, ulong Offset, ulong? Size)>();
            for (ulong i = 0; i < tensorCount; i++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                key = $"tensors[{i}]";
                var position = _stream.Position;
                var (_, offset, size) = ReadTensorInfo(key);
                tensors.Add((position, offset, size));
            }

            var dataStart = (_stream.Position + alignment - 1) / alignment * alignment;
            var dataLength = (ulong)Math.Max(0, _length - dataStart);
            foreach (var (position, offset, size) in tensors)
            {
                if (offset % alignment != 0)
                {
                    return Fail(NameAt(position), $"tensor data offset {offset} is not aligned to {alignment}");
                }

                if (offset > dataLength || (size is { } s && s > dataLength - offset))
                {
                    return Fail(NameAt(position), $"tensor data at offset {offset} ({size?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} bytes) lies beyond the {dataLength}-byte data section");
                }
            }

            return new GgufHeader(templates, null, incomplete);
        }
        catch (GgufFormatException ex)
        {
            return new GgufHeader(templates, (ex.LogicalPath, ex.Message), incomplete);
        }
        catch (EndOfStreamException)
        {
            return new GgufHeader(templates, (key, "the header is truncated"), incomplete);
        }

        GgufHeader Fail(string logicalPath, string message) => new(templates, (logicalPath, message), incomplete);
    }

    private static bool LooksLikeJinja(string text) =>
        text.Contains("{{", StringComparison.Ordinal) || text.Contains("{%", StringComparison.Ordinal);

    private static bool IsChatTemplate(string key) =>
        key == "tokenizer.chat_template" || key.StartsWith("tokenizer.chat_template.", StringComparison.Ordinal);

    private (string Name, ulong Offset, ulong? Size) ReadTensorInfo(string where)
    {
        var name = ReadKey(where);
        var dimensions = ReadUInt32();
        if (dimensions > MaxDimensions)
        {
            throw new GgufFormatException(name, $"tensor declares {dimensions} dimensions; ggml supports {MaxDimensions}");
        }

        ulong elements = 1;
        for (var d = 0; d < dimensions; d++)
        {
            var extent = _version == 1 ? ReadUInt32() : ReadUInt64();
            if (extent != 0 && elements > ulong.MaxValue / extent)
            {
                throw new GgufFormatException(name, "tensor element count overflows 64 bits");
            }

            elements *= extent;
        }

        var type = ReadUInt32();
        var offset = ReadUInt64();
        if (!TypeSizes.TryGetValue(type, out var traits))
        {
            return (name, offset, null);
        }

        if (elements % (ulong)traits.Elements != 0)
        {
            throw new GgufFormatException(name, $"{elements} elements do not fill whole blocks of {traits.Elements} for type {type}");
        }

        var blocks = elements / (ulong)traits.Elements;
        if (blocks > ulong.MaxValue / (ulong)traits.Bytes)
        {
            throw new GgufFormatException(name, "tensor byte size overflows 64 bits");
        }

        return (name, offset, blocks * (ulong)traits.Bytes);
    }

    private void SkipValue(uint type, string key, int nesting)
    {
        switch (type)
        {
            case 0 or 1 or 7:
                Skip(1, key);
                break;
            case 2 or 3:
                Skip(2, key);
                break;
            case 4 or 5 or 6:
                Skip(4, key);
                break;
            case 10 or 11 or 12:
                Skip(8, key);
                break;
            case 8:
                Skip(ReadLength(key), key);
                break;
            case 9:
                SkipArray(key, nesting);
                break;
            default:
                throw new GgufFormatException(key, $"unknown value type {type}");
        }
    }

    private void SkipArray(string key, int nesting)
    {
        if (nesting >= MaxArrayNesting)
        {
            throw new GgufFormatException(key, $"arrays nested deeper than {MaxArrayNesting} levels");
        }

        var elementType = ReadUInt32();
        var count = ReadCount();
        var fixedSize = elementType switch
        {
            0 or 1 or 7 => 1,
            2 or 3 => 2,
            4 or 5 or 6 => 4,
            10 or 11 or 12 => 8,
            8 or 9 => 0,
            _ => throw new GgufFormatException(key, $"unknown array element type {elementType}"),
        };

        if (fixedSize > 0)
        {
            if (count > (ulong)Remaining / (ulong)fixedSize)
            {
                throw new GgufFormatException(key, $"array of {count} elements needs more than the {Remaining} bytes left");
            }

            Skip(count * (ulong)fixedSize, key);
            return;
        }

        // Strings take at least their length field; nested arrays at least type and count.
        var minimum = elementType == 8 ? 8UL : 12UL;
        if (count > (ulong)Remaining / minimum)
        {
            throw new GgufFormatException(key, $"array of {count} elements needs more than the {Remaining} bytes left");
        }

        for (ulong i = 0; i < count; i++)
        {
            SkipValue(elementType, key, nesting + 1);
        }
    }

    private string NameAt(long position)
    {
        _stream.Position = position;
        return ReadKey("tensor");
    }

    private string ReadKey(string where)
    {
        var length = ReadLength(where);
        if (length > MaxKeyBytes)
        {
            throw new GgufFormatException(where, $"name of {length} bytes, more than {MaxKeyBytes}");
        }

        var bytes = new byte[(int)length];
        _stream.ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    private ulong ReadLength(string where)
    {
        var length = _version == 1 ? ReadUInt32() : ReadUInt64();
        if (length > (ulong)Remaining)
        {
            throw new GgufFormatException(where, $"string of {length} bytes declared but only {Remaining} bytes follow");
        }

        return length;
    }

    private ulong ReadCount() => _version == 1 ? ReadUInt32() : ReadUInt64();

    private void Skip(ulong count, string where)
    {
        if (count > (ulong)Remaining)
        {
            throw new GgufFormatException(where, $"value of {count} bytes declared but only {Remaining} bytes follow");
        }

        _stream.Position += (long)count;
    }

    private uint ReadUInt32()
    {
        _stream.ReadExactly(_scratch, 0, 4);
        return BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
    }

    private ulong ReadUInt64()
    {
        _stream.ReadExactly(_scratch, 0, 8);
        return BinaryPrimitives.ReadUInt64LittleEndian(_scratch);
    }

    private sealed class GgufFormatException(string logicalPath, string message) : Exception(message)
    {
        public string LogicalPath { get; } = logicalPath;
    }
}
