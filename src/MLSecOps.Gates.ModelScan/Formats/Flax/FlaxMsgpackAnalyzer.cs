using System.Buffers.Binary;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.Flax;

/// <summary>
/// Flax checkpoints (<c>.msgpack</c>): msgpack holds data only, so the file is validated, not judged: one well-formed object to the
/// end of the file, every count and length checked against the bytes left, and only the extension types Flax registers
/// (1 ndarray, 2 native complex, 3 NumPy scalar). Payloads are skipped by seeking, never read.
/// </summary>
internal sealed class FlaxMsgpackAnalyzer : IModelFileAnalyzer
{
    private const int MaxDepth = 512;
    private const long MaxItems = 50_000_000;

    /// <inheritdoc />
    public IReadOnlyList<RuleDescriptor> Rules { get; } = [IncompleteScan.Descriptor];

    /// <inheritdoc />
    public bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        return probe.FileName.EndsWith(".msgpack", StringComparison.Ordinal) && probe.Content.Kind != ModelContentKind.Empty;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Finding>> AnalyzeAsync(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var path = probe.File.RelativePath;
        IReadOnlyList<Finding> findings;
        try
        {
            using var stream = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            var unknownExtension = Walk(stream, cancellationToken);
            findings = unknownExtension is { } code
                ? [IncompleteScan.Create(path, null, $"the msgpack data uses extension type {code}, which Flax does not register; the loader's own hook decides what it builds") with { Severity = Severity.Medium }]
                : [];
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or IOException or UnauthorizedAccessException)
        {
            findings = [IncompleteScan.Create(path, null, $"the msgpack data is malformed ({ex.Message})")];
        }

        return Task.FromResult(findings);
    }

    /// <summary>Walks one msgpack object that must fill the stream; returns the first extension type Flax does not register, if any.</summary>
    private static int? Walk(Stream stream, CancellationToken cancellationToken)
    {
        int? unknown = null;
        var pending = new Stack<long>();
        pending.Push(1);
        long items = 0;
        while (pending.Count > 0)
        {
            if (pending.Peek() == 0)
            {
                pending.Pop();
                continue;
            }

            pending.Push(pending.Pop() - 1);
            if (++items > MaxItems)
            {
                throw new InvalidDataException($"more than {MaxItems:N0} values");
            }

            if ((items & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var marker = stream.ReadByte();
            (long Children, long Skip, int? Extension) step = marker switch
            {
                < 0 => throw new EndOfStreamException("the data ends inside a value"),
                <= 0x7F or >= 0xE0 or 0xC0 or 0xC2 or 0xC3 => (0, 0, null),
                <= 0x8F => (2L * (marker & 0x0F), 0L, null),
                <= 0x9F => (marker & 0x0F, 0L, null),
                <= 0xBF => (0L, marker & 0x1F, null),
                0xC4 or 0xD9 => (0L, Unsigned(stream, 1), null),
                0xC5 or 0xDA => (0L, Unsigned(stream, 2), null),
                0xC6 or 0xDB => (0L, Unsigned(stream, 4), null),
                0xC7 => Extension(stream, Unsigned(stream, 1)),
                0xC8 => Extension(stream, Unsigned(stream, 2)),
                0xC9 => Extension(stream, Unsigned(stream, 4)),
                0xCA => (0L, 4L, null),
                0xCB => (0L, 8L, null),
                0xCC or 0xD0 => (0L, 1L, null),
                0xCD or 0xD1 => (0L, 2L, null),
                0xCE or 0xD2 => (0L, 4L, null),
                0xCF or 0xD3 => (0L, 8L, null),
                0xD4 => Extension(stream, 1),
                0xD5 => Extension(stream, 2),
                0xD6 => Extension(stream, 4),
                0xD7 => Extension(stream, 8),
                0xD8 => Extension(stream, 16),
                0xDC => (Unsigned(stream, 2), 0L, null),
                0xDD => (Unsigned(stream, 4), 0L, null),
                0xDE => (2 * Unsigned(stream, 2), 0L, null),
                0xDF => (2 * Unsigned(stream, 4), 0L, null),
                _ => throw new InvalidDataException($"byte 0x{marker:X2} at offset {stream.Position - 1} is not a msgpack value"),
            };

            var (children, skip, extension) = step;
            unknown ??= extension is { } code && code is not (1 or 2 or 3) ? code : null;
            var left = stream.Length - stream.Position;
            if (skip > left || children > left)
            {
                throw new InvalidDataException($"a value at offset {stream.Position} declares more than the {left:N0} bytes left");
            }

            stream.Position += skip;
            if (children > 0)
            {
                if (pending.Count >= MaxDepth)
                {
                    throw new InvalidDataException($"values nest more than {MaxDepth} deep");
                }

                pending.Push(children);
            }
        }

        return stream.Position == stream.Length ? unknown : throw new InvalidDataException($"{stream.Length - stream.Position:N0} bytes follow the object");
    }

    private static (long Children, long Skip, int? Extension) Extension(Stream stream, long length) =>
        (0L, length, (sbyte)Unsigned(stream, 1));

    private static long Unsigned(Stream stream, int width)
    {
        Span<byte> bytes = stackalloc byte[4];
        stream.ReadExactly(bytes[..width]);
        return width switch
        {
            1 => bytes[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes),
            _ => BinaryPrimitives.ReadUInt32BigEndian(bytes),
        };
    }
}
