using System.Buffers.Binary;
using System.Text;
using Microsoft.Win32.SafeHandles;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.TfLite;

/// <summary>
/// TensorFlow Lite flatbuffers (<c>TFL3</c>): reads only the root table's <c>operator_codes</c> by random access, every offset checked
/// against the file, and reports custom and Flex operators. Tensor buffers are never read.
/// </summary>
internal sealed class TfLiteAnalyzer : IModelFileAnalyzer
{
    private const int Custom = 32;
    private const int PlaceholderForGreaterOpCodes = 127;
    private const int MaxOperatorCodes = 10_000;
    private const int MaxCustomCodeBytes = 1024;

    // Custom operators that the TFLite runtime registers itself (not code of the model's author).
    private static readonly HashSet<string> RuntimeCustomOps = new(StringComparer.Ordinal) { "TFLite_Detection_PostProcess" };

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [TfLiteCustomOperator.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.Kind == ModelContentKind.TfLite;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        IReadOnlyList<Finding> findings;
        try
        {
            using var handle = File.OpenHandle(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read);
            findings = Inspect(path, new Flatbuffer(handle, RandomAccess.GetLength(handle)), cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            findings = [IncompleteScan.Create(path, null, $"the TFLite flatbuffer is malformed ({ex.Message})")];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            findings = [IncompleteScan.Create(path, null, $"the TFLite file could not be read ({ex.Message})")];
        }

        return Task.FromResult<IReadOnlyList<Finding>>([.. findings.Take(settings.Budget.MaxFindingsPerFile)]);
    }

    private static List<Finding> Inspect(string path, Flatbuffer buffer, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var model = buffer.Root();
        var codes = buffer.Vector(model, 1);
        if (codes is not { } vector)
        {
            return findings;
        }

        if (vector.Count > MaxOperatorCodes)
        {
            throw new InvalidDataException($"{vector.Count} operator codes declared, more than {MaxOperatorCodes}");
        }

        var reported = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < vector.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var code = buffer.TableAt(vector.Start + (4L * i));
            var deprecated = buffer.Byte(code, 0) ?? 0;
            var builtin = buffer.Int32(code, 3) ?? 0;
            var op = deprecated < PlaceholderForGreaterOpCodes ? Math.Max(deprecated, builtin) : builtin;
            var custom = buffer.String(code, 1, MaxCustomCodeBytes);
            var flex = custom?.StartsWith("Flex", StringComparison.Ordinal) == true;
            if ((op == Custom || flex) && !(custom is not null && RuntimeCustomOps.Contains(custom)) && reported.Add(custom ?? ""))
            {
                var what = flex ? $"the Flex (select TensorFlow) op `{custom}`" : $"the custom operator `{custom ?? "(unnamed)"}`";
                findings.Add(TfLiteCustomOperator.Create(path, $"operator_codes[{i}]", $"The model uses {what}; its kernel is native code the application must register.", custom));
            }
        }

        return findings;
    }

    /// <summary>A bounded random-access reader of one flatbuffer file: every offset is checked against the file length.</summary>
    private sealed class Flatbuffer(SafeFileHandle handle, long length)
    {
        public long Root() => TableAt(0);

        public long TableAt(long offsetPosition)
        {
            var table = offsetPosition + U32(offsetPosition);
            Check(table, 4);
            return table;
        }

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

        public int? Byte(long table, int field) => Field(table, field) is { } at ? Read(at, 1)[0] : null;

        public int? Int32(long table, int field) => Field(table, field) is { } at ? BinaryPrimitives.ReadInt32LittleEndian(Read(at, 4)) : null;

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
}
