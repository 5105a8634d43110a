using MLSecOps.Core.Rules;
using MLSecOps.Formats.Compression;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Formats.RData;

/// <summary>
/// R serialized objects (<c>.rds</c>, <c>.RData</c>/<c>.rda</c>), plain or gzip/bzip2/xz/zstd compressed through the shared bounded
/// decompression: the item stream is walked as R reads it and promise objects (CVE-2024-27322) are reported.
/// </summary>
internal sealed class RSerializationAnalyzer : BlockingFileAnalyzer
{
    private const long MaxDecompressedBytes = 4L * 1024 * 1024 * 1024;

    /// <inheritdoc />
    public override IReadOnlyList<RuleDescriptor> Rules { get; } = [RPromiseObject.Descriptor, IncompleteScan.Descriptor];

    /// <inheritdoc />
    public override bool Accepts(ModelFileProbe probe)
    {
        ArgumentNullException.ThrowIfNull(probe);
        var name = probe.FileName;
        if (!(name.EndsWith(".rds", StringComparison.Ordinal) || name.EndsWith(".rdata", StringComparison.Ordinal) || name.EndsWith(".rda", StringComparison.Ordinal)))
        {
            return false;
        }

        // Every file of these names is read: one that is not an R stream is said to be so, never passed in silence.
        return probe.Content.Kind != ModelContentKind.Empty;
    }

    /// <inheritdoc />
    protected override IReadOnlyList<Finding> Analyze(ModelFileProbe probe, ModelScanSettings settings, CancellationToken cancellationToken)
    {
        var path = probe.File.RelativePath;
        try
        {
            using var file = new FileStream(probe.File.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
            var compression = CompressionSniffer.Sniff(probe.Head.Span);
            if (compression == CompressionKind.None && Format(probe.Head.Span) is null)
            {
                return [IncompleteScan.Create(path, null, "the file is named like an R serialized object but does not start like one (no X/B/A format line with version 2 or 3)") with { Severity = Severity.Medium }];
            }

            using var data = compression == CompressionKind.None ? (Stream)new BufferedStream(file) : BoundedDecompression.Open(file, compression, MaxDecompressedBytes);
            var head = new byte[16];
            var read = data.ReadAtLeast(head, 7, throwOnEndOfStream: false);
            if (Format(head.AsSpan(0, read)) is not { } format)
            {
                return [IncompleteScan.Create(path, null, "the decompressed data is not an R serialization stream") with { Severity = Severity.Medium }];
            }

            // The format line ("X\n", or "RDX2\nX\n" for save()) was read with the head: continue after it.
            var rest = new MLSecOps.Formats.Streams.HeadReplayStream(head.AsMemory(format.HeaderLength, read - format.HeaderLength), data);
            if (format.Ascii)
            {
                return [IncompleteScan.Create(path, null, "ASCII R serialization is not read by the scanner") with { Severity = Severity.Medium }];
            }

            var reader = new RSerializationReader(rest, format.BigEndian);
            reader.ReadAll(cancellationToken);
            // R itself saves promises inside closure environments (unforced default arguments, such as a glm family's `link`):
            // those hold constants. A promise that is the loaded value, or whose code is a call, is what CVE-2024-27322 plants.
            return reader.RunningPromises == 0 ? [] :
            [
                RPromiseObject.Create(
                    path, null, $"The R stream holds {reader.RunningPromises} promise object(s) that run code (of {reader.Promises} in all): R evaluates it when the loaded value is first used.", $"promises:{reader.RunningPromises}"),
            ];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The bzip2 and xz decoders are third-party code facing hostile bytes and throw their own types: all mean "corrupt".
            return [IncompleteScan.Create(path, null, $"the R serialization stream is malformed or truncated ({ex.GetType().Name}: {ex.Message})")];
        }
    }

    private static (int HeaderLength, bool BigEndian, bool Ascii)? Format(ReadOnlySpan<byte> head)
    {
        var offset = head.StartsWith("RDX2\n"u8) || head.StartsWith("RDX3\n"u8) ? 5 : 0;
        if (head.Length < offset + 6 || head[offset + 1] != (byte)'\n')
        {
            return null;
        }

        var body = head[(offset + 2)..];
        return head[offset] switch
        {
            (byte)'X' when body[..4].SequenceEqual((ReadOnlySpan<byte>)[0, 0, 0, 2]) || body[..4].SequenceEqual((ReadOnlySpan<byte>)[0, 0, 0, 3]) => (offset + 2, true, false),
            (byte)'B' when body[..4].SequenceEqual((ReadOnlySpan<byte>)[2, 0, 0, 0]) || body[..4].SequenceEqual((ReadOnlySpan<byte>)[3, 0, 0, 0]) => (offset + 2, false, false),
            (byte)'A' when body[0] is (byte)'2' or (byte)'3' => (offset + 2, false, true),
            _ => null,
        };
    }
}
