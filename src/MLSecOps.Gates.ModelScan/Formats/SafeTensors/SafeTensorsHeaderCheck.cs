using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Pickle;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.SafeTensors;

/// <summary>Validates a safetensors file from its header alone: the data section is never read, only its first bytes past the last tensor.</summary>
internal static class SafeTensorsHeaderCheck
{
    /// <summary>The largest header accepted, as the reference implementation caps it.</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    /// <summary>Metadata larger than this is reported as suspicious.</summary>
    public const int MaxMetadataBytes = 1024 * 1024;

    /// <summary>The most header entries parsed: the largest real checkpoints name about 100,000 tensors, and each costs some 400 bytes parsed.</summary>
    public const int MaxEntries = 500_000;

    private const int MaxShapeRank = 64;

    private static readonly Dictionary<string, int> DtypeBits = new(StringComparer.Ordinal)
    {
        ["BOOL"] = 8, ["U8"] = 8, ["I8"] = 8, ["F8_E5M2"] = 8, ["F8_E4M3"] = 8, ["F8_E8M0"] = 8, ["I16"] = 16, ["U16"] = 16, ["F16"] = 16,
        ["BF16"] = 16, ["I32"] = 32, ["U32"] = 32, ["F32"] = 32, ["F64"] = 64, ["I64"] = 64, ["U64"] = 64, ["C64"] = 64, ["F4"] = 4,
        ["F6_E2M3"] = 6, ["F6_E3M2"] = 6,
    };

    private static readonly string[] CodeMarkers =
    [
        "{{", "{%", "<script", "javascript:", "__import__", "__class__", "eval(", "exec(", "os.system", "subprocess",
        "rm -rf", "chmod ", "wget ", "curl ", "bash -c", "sh -c", "/bin/sh", "/bin/bash", "powershell", "nc -e", "| sh", "|sh",
        "http://", "https://", "ftp://",
    ];

    private const int MaxDecodedMetadataValue = 64 * 1024;

    private static string Kind(string marker) => marker switch
    {
        "http://" or "https://" or "ftp://" => "a URL: tooling that follows it fetches content from outside",
        "{{" or "{%" or "<script" or "javascript:" => "template or script syntax",
        "rm -rf" or "chmod " or "wget " or "curl " or "bash -c" or "sh -c" or "/bin/sh" or "/bin/bash" or "powershell" or "nc -e" or "| sh" or "|sh" => "a shell command",
        _ => "Python code",
    };

    /// <summary>Checks the file open in <paramref name="stream"/>, reported as <paramref name="path"/>, adding to <paramref name="findings"/> as it goes (they are kept if it stops early).</summary>
    /// <exception cref="OperationCanceledException">The file's deadline or the gate's budget ran out.</exception>
    public static void Check(string path, Stream stream, List<Finding> findings, CancellationToken cancellationToken)
    {
        var fileLength = stream.Length;
        Span<byte> prefix = stackalloc byte[8];
        if (fileLength < 8 || stream.ReadAtLeast(prefix, 8, throwOnEndOfStream: false) < 8)
        {
            findings.Add(SafeTensorsInvalidHeader.Create(path, "header", $"The file has {fileLength} bytes, fewer than the 8-byte header length.", "length"));
            return;
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength == 0 || headerLength > (ulong)(fileLength - 8) || headerLength > MaxHeaderBytes)
        {
            findings.Add(SafeTensorsInvalidHeader.Create(path, "header", $"The header declares {headerLength} bytes; the file holds {fileLength - 8} after the length and the limit is {MaxHeaderBytes}.", "header-length"));
            return;
        }

        var header = new byte[(int)headerLength];
        stream.ReadExactly(header);
        if (header[0] != (byte)'{')
        {
            findings.Add(SafeTensorsInvalidHeader.Create(path, "header", "The header does not start with '{'.", "header-start"));
            return;
        }

        // Loaders reject invalid UTF-8 in the header, and JsonDocument would only fail later, on reading a string.
        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            findings.Add(SafeTensorsInvalidHeader.Create(path, "header", "The header is not valid UTF-8.", "header-utf8"));
            return;
        }

        // A 94 MB header of 1.4 million tensors peaked at 730 MB once parsed: the entries are counted before the document is built.
        if (CountEntries(header) > MaxEntries)
        {
            findings.Add(IncompleteScan.Create(path, "header", $"the header names more than {MaxEntries} tensors; their dtypes, shapes and layout were not checked"));
            return;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { AllowDuplicateProperties = false, MaxDepth = 8 });
        }
        catch (JsonException ex)
        {
            findings.Add(SafeTensorsInvalidHeader.Create(path, "header", $"The header is not valid JSON ({ex.Message}).", "header-json"));
            return;
        }

        using (document)
        {
            CheckHeader(path, stream, document.RootElement, fileLength - 8 - (long)headerLength, findings, cancellationToken);
        }
    }

    private static int CountEntries(byte[] header)
    {
        var reader = new Utf8JsonReader(header, new JsonReaderOptions { MaxDepth = 8 });
        var count = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && ++count > MaxEntries)
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // Invalid JSON is reported by the parse that follows, with its message.
        }

        return count;
    }

    private static void CheckHeader(string path, Stream stream, JsonElement root, long dataLength, List<Finding> findings, CancellationToken cancellationToken)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            findings.Add(SafeTensorsInvalidHeader.Create(path, "header", "The header is not a JSON object.", "header-object"));
            return;
        }

        var tensors = new List<(string Name, long Begin, long End)>();
        foreach (var property in root.EnumerateObject())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (property.Name == "__metadata__")
            {
                CheckMetadata(path, property.Value, findings);
                continue;
            }

            var tensor = ReadTensor(path, property.Name, property.Value, dataLength, findings);
            if (tensor is { } t)
            {
                tensors.Add((property.Name, t.Begin, t.End));
            }
        }

        // Coverage is only meaningful once every tensor entry is well formed; suspicious metadata does not stop it.
        if (findings.TrueForAll(f => f.Rule == SafeTensorsSuspiciousMetadata.Descriptor))
        {
            CheckCoverage(path, stream, tensors, dataLength, findings);
        }
    }

    private static (long Begin, long End)? ReadTensor(string path, string name, JsonElement entry, long dataLength, List<Finding> findings)
    {
        if (entry.ValueKind != JsonValueKind.Object
            || !entry.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String
            || !entry.TryGetProperty("shape", out var shape) || shape.ValueKind != JsonValueKind.Array
            || !entry.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2)
        {
            findings.Add(SafeTensorsInvalidHeader.Create(path, name, $"Tensor '{name}' lacks a string dtype, a shape array or two data offsets.", "tensor-shape"));
            return null;
        }

        if (!DtypeBits.TryGetValue(dtype.GetString()!, out var bits))
        {
            findings.Add(SafeTensorsInvalidHeader.Create(path, name, $"Tensor '{name}' has the unknown dtype '{dtype.GetString()}'.", "dtype"));
            return null;
        }

        if (shape.GetArrayLength() > MaxShapeRank || !TryElementCount(shape, out var elements)
            || !offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            findings.Add(SafeTensorsInvalidHeader.Create(path, name, $"Tensor '{name}' has a shape or offsets that are not non-negative integers in order.", "shape-offsets"));
            return null;
        }

        if (end > dataLength)
        {
            findings.Add(SafeTensorsInconsistentLayout.Create(path, name, $"Tensor '{name}' ends at byte {end} of a {dataLength}-byte data section.", "out-of-bounds"));
            return null;
        }

        // elements fits a long and bits is at most 64, so the product cannot overflow 128 bits.
        var expectedBits = (Int128)elements * bits;
        if (expectedBits != (Int128)(end - begin) * 8)
        {
            findings.Add(SafeTensorsInconsistentLayout.Create(path, name, $"Tensor '{name}' declares {elements} {dtype.GetString()} elements but {end - begin} bytes.", "size"));
            return null;
        }

        return (begin, end);
    }

    private static bool TryElementCount(JsonElement shape, out long elements)
    {
        elements = 1;
        foreach (var dimension in shape.EnumerateArray())
        {
            if (!dimension.TryGetInt64(out var d) || d < 0)
            {
                return false;
            }

            try
            {
                elements = checked(elements * d);
            }
            catch (OverflowException)
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckCoverage(string path, Stream stream, List<(string Name, long Begin, long End)> tensors, long dataLength, List<Finding> findings)
    {
        var expected = 0L;
        foreach (var (name, begin, end) in tensors.OrderBy(t => t.Begin).ThenBy(t => t.End))
        {
            if (begin != expected)
            {
                var what = begin < expected ? "overlaps the previous tensor" : $"leaves a gap of {begin - expected} bytes";
                findings.Add(SafeTensorsInconsistentLayout.Create(path, name, $"Tensor '{name}' starts at byte {begin} and {what}.", begin < expected ? "overlap" : "gap"));
                return;
            }

            expected = end;
        }

        if (expected == dataLength)
        {
            return;
        }

        // Trailing bytes: sniff the first two for a pickle (PROTO opcode 0x80 and protocol 2-5).
        var dataStart = stream.Length - dataLength;
        stream.Position = dataStart + expected;
        Span<byte> magic = stackalloc byte[2];
        var read = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        var trailing = dataLength - expected;
        if (read == 2 && magic[0] == 0x80 && magic[1] is >= 2 and <= 5)
        {
            findings.Add(SafeTensorsAppendedPickle.Create(path, "data", $"{trailing} bytes after the last tensor start a protocol-{magic[1]} pickle.", "pickle"));
        }
        else
        {
            findings.Add(SafeTensorsTrailingData.Create(path, "data", $"{trailing} bytes follow the last tensor and belong to no tensor.", "trailing"));
        }
    }

    private static void CheckMetadata(string path, JsonElement metadata, List<Finding> findings)
    {
        if (metadata.ValueKind != JsonValueKind.Object)
        {
            findings.Add(SafeTensorsInvalidHeader.Create(path, "__metadata__", "__metadata__ is not a string-to-string object.", "metadata-type"));
            return;
        }

        var total = 0L;
        foreach (var entry in metadata.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String)
            {
                findings.Add(SafeTensorsInvalidHeader.Create(path, $"__metadata__.{entry.Name}", $"Metadata value '{entry.Name}' is not a string.", "metadata-type"));
                continue;
            }

            var value = entry.Value.GetString()!;
            total += entry.Name.Length + value.Length;
            var marker = CodeMarkers.FirstOrDefault(m => value.Contains(m, StringComparison.OrdinalIgnoreCase));
            var decoded = marker is null && value.Length <= MaxDecodedMetadataValue && EncodedText.Decode(Encoding.ASCII.GetBytes(value)) is ({ } encoding, { } bytes)
                ? (Encoding: encoding, Text: Encoding.Latin1.GetString(bytes))
                : default;
            var decodedMarker = decoded.Text is null ? null : CodeMarkers.FirstOrDefault(m => decoded.Text.Contains(m, StringComparison.OrdinalIgnoreCase));
            if (marker is not null)
            {
                findings.Add(SafeTensorsSuspiciousMetadata.Create(path, $"__metadata__.{entry.Name}", $"Metadata value '{entry.Name}' contains '{marker}' ({Kind(marker)}).", marker));
            }
            else if (decodedMarker is not null)
            {
                findings.Add(SafeTensorsSuspiciousMetadata.Create(
                    path, $"__metadata__.{entry.Name}", $"Metadata value '{entry.Name}' is {decoded.Encoding} that decodes to text containing '{decodedMarker}' ({Kind(decodedMarker)}).", decoded.Encoding + "|" + decodedMarker));
            }
        }

        if (total > MaxMetadataBytes)
        {
            findings.Add(SafeTensorsSuspiciousMetadata.Create(path, "__metadata__", $"The metadata holds {total} characters, more than {MaxMetadataBytes}.", "size"));
        }
    }
}
