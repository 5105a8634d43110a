using System.Buffers.Binary;
using System.Text;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Formats.TreeEnsembles;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.MxNet;

/// <summary>
/// MXNet NDArray lists (<c>.params</c> of <c>mx.nd.save</c>/<c>save_parameters</c>: magic <c>0x112</c>): every array's header (V1, V2,
/// V3 layouts; dense storage), its declared bytes against the bytes left (data skipped by seeking), then the names, to the end of the
/// file. <c>NDArray::Load</c> builds tensors only; an array declaring more bytes than the file holds is an allocation bomb.
/// </summary>
internal sealed class MxNetParamsAnalyzer : BlockingFileAnalyzer
{
    private const ulong ListMagic = 0x112;
    private const uint V2Magic = 0xF993FAC9, V3Magic = 0xF993FACA;
    private const int MaxDimensions = 32;
    private const int MaxNameBytes = 1 << 20;

    /// <inheritdoc />
    public override IReadOnlyList<RuleDescriptor> Rules { get; } = [TreeModelResourceExhaustion.Descriptor, ModelMetadataCode.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public override bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.Content.Kind is ModelContentKind.Unknown or ModelContentKind.Text
            && (probe.FileName.EndsWith(".params", StringComparison.Ordinal) || HasMagic(probe.Head.Span));
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Finding> Analyze(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        if (!HasMagic(probe.Head.Span))
        {
            return [IncompleteScan.Create(path, null, "the file is named .params but is not an MXNet NDArray list (no 0x112 magic)") with { Severity = Severity.Medium }];
        }

        var report = new DataModelReport(path, "MXNet parameter file");
        try
        {
            using var file = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            using var stream = new BufferedStream(new CancellableStream(file, cancellationToken), 64 * 1024);
            Read(stream, report);
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            // Medium: MXNet refuses what does not parse, and an NDArray list holds tensors only.
            report.Findings.Add(IncompleteScan.Create(path, null, $"the MXNet parameter file is malformed ({ex.Message}); MXNet refuses it, and the format carries no code") with { Severity = Severity.Medium });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            report.Findings.Add(IncompleteScan.Create(path, null, $"the MXNet parameter file could not be read ({ex.Message})"));
        }

        return [.. report.Findings.Take(settings.Budget.MaxFindingsPerFile)];
    }

    private static bool HasMagic(ReadOnlySpan<byte> head) => head.Length >= 24 && BinaryPrimitives.ReadUInt64LittleEndian(head) == ListMagic;

    private static void Read(Stream input, DataModelReport report)
    {
        U64(input);
        U64(input);
        var arrays = U64(input);
        if (arrays > (ulong)(input.Length - input.Position) / 4)
        {
            report.Exhaustion("arrays", $"declares {arrays:N0} arrays, more than its {input.Length - input.Position:N0} bytes can hold; the loader allocates for them first.", $"arrays={arrays}");
            return;
        }

        for (ulong i = 0; i < arrays; i++)
        {
            if (!Array(input, $"arrays[{i}]", report))
            {
                return;
            }
        }

        var names = U64(input);
        if (names != 0 && names != arrays)
        {
            throw new InvalidDataException($"{names:N0} names for {arrays:N0} arrays");
        }

        for (ulong i = 0; i < names; i++)
        {
            var length = U64(input);
            if (length > MaxNameBytes || length > (ulong)(input.Length - input.Position))
            {
                throw new InvalidDataException($"name {i} declares {length:N0} bytes");
            }

            var bytes = new byte[length];
            input.ReadExactly(bytes);
            report.Strings($"names[{i}]", Encoding.UTF8.GetString(bytes));
        }

        if (input.Position != input.Length)
        {
            throw new InvalidDataException($"{input.Length - input.Position:N0} bytes follow the names");
        }
    }

    // NDArray::Load: V2/V3 magic, storage type, shape (u32 ndim, i64 dims), context, dtype, data; V1 has no magic and u32 dims.
    private static bool Array(Stream input, string at, DataModelReport report)
    {
        var magic = U32(input);
        var v1 = magic is not (V2Magic or V3Magic);
        if (!v1 && U32(input) is var storage && storage != 0)
        {
            throw new InvalidDataException($"{at} uses sparse storage type {storage}, which the validator does not read");
        }

        var ndim = v1 ? (int)magic : (int)U32(input);
        if (magic == V3Magic && ndim == -1 || !v1 && magic == V2Magic && ndim == 0)
        {
            return true;
        }

        if (ndim < 0 || ndim > MaxDimensions)
        {
            throw new InvalidDataException($"{at} declares {ndim} dimensions");
        }

        var elements = 1.0;
        long count = 1;
        for (var d = 0; d < ndim; d++)
        {
            var size = v1 ? U32(input) : (long)U64(input);
            if (size < 0)
            {
                throw new InvalidDataException($"{at} has a negative dimension");
            }

            elements *= size;
            count = elements < long.MaxValue ? count * size : long.MaxValue;
        }

        if (v1 && ndim == 0)
        {
            return true;
        }

        U32(input);
        U32(input);
        var dtype = (int)U32(input);
        var itemBytes = dtype switch
        {
            0 or 4 or 10 => 4,
            1 or 6 or 11 => 8,
            2 or 8 or 9 or 12 => 2,
            3 or 5 or 7 => 1,
            _ => throw new InvalidDataException($"{at} has dtype {dtype}, which MXNet does not define"),
        };
        var left = input.Length - input.Position;
        if (elements * itemBytes > left)
        {
            report.Exhaustion(at, $"declares a tensor of {elements:N0} elements ({elements * itemBytes / (1 << 20):N0} MiB that NDArray::Load allocates before reading), but only {left:N0} bytes follow.", $"elements={elements}");
            return false;
        }

        input.Position += count * itemBytes;
        return true;
    }

    private static ulong U64(Stream input)
    {
        Span<byte> bytes = stackalloc byte[8];
        input.ReadExactly(bytes);
        return BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    private static uint U32(Stream input)
    {
        Span<byte> bytes = stackalloc byte[4];
        input.ReadExactly(bytes);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }
}
