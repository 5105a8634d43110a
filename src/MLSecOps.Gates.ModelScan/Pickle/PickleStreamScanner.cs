using System.Buffers.Binary;
using System.Numerics;
using MLSecOps.Formats.Streams;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Archives;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Pickle;

/// <summary>Scans every pickle stream in some data, following the layouts that interleave pickles with raw bytes.</summary>
internal static class PickleStreamScanner
{
    // torch/serialization.py MAGIC_NUMBER: the first of the five stacked pickles of a legacy torch.save file.
    private static readonly BigInteger LegacyTorchMagic = BigInteger.Parse("119547037146038801333356", System.Globalization.CultureInfo.InvariantCulture);
    private const int LegacyTorchStreams = 5;

    /// <summary>Scans the streams in <paramref name="stream"/>, reporting into <paramref name="scan"/>.</summary>
    /// <param name="scan">The file's scan.</param>
    /// <param name="stream">The data, positioned at its start.</param>
    /// <param name="prefix">The logical name of the data, such as <c>archive/data.pkl</c> (empty for the file itself).</param>
    /// <param name="nesting">How deep inside other pickles this data is.</param>
    /// <param name="layout">What surrounds the streams.</param>
    public static void ScanStreams(FileScan scan, Stream stream, string prefix, int nesting, PickleStreamLayout layout)
    {
        ArgumentNullException.ThrowIfNull(scan);
        // Offsets are offsets in the file or member: seekable streams and the scanner's own forward streams know their position.
        var start = stream.CanSeek || stream is HeadReplayStream or BudgetedReadStream ? stream.Position : 0;
        using var source = new PickleByteSource(stream, start);
        switch (layout)
        {
            case PickleStreamLayout.TorchTarStorages:
                ScanTorchTarMember(scan, source, prefix, nesting, storages: true);
                break;
            case PickleStreamLayout.TorchTarTensors:
                ScanTorchTarMember(scan, source, prefix, nesting, storages: false);
                break;
            default:
                ScanPlain(scan, source, prefix, nesting);
                break;
        }
    }

    private static void ScanPlain(FileScan scan, PickleByteSource source, string prefix, int nesting)
    {
        var streams = 0;
        var legacyTorch = false;
        while (true)
        {
            var result = new SymbolicPickleMachine(scan, source, prefix, nesting).Run();
            if (result.Outcome == PickleStreamOutcome.Empty)
            {
                if (legacyTorch)
                {
                    Malformed(scan, prefix, source.Position, $"a legacy torch.save file has {streams} of its {LegacyTorchStreams} pickles");
                }

                return;
            }

            if (result.Outcome != PickleStreamOutcome.Stopped)
            {
                return;
            }

            streams++;
            legacyTorch |= streams == 1 && result.Value is IntValue { Value: var magic } && magic == LegacyTorchMagic;
            if (legacyTorch && streams == LegacyTorchStreams)
            {
                // Raw storage bytes follow the storage-keys pickle; torch.load reads them directly.
                return;
            }

            if (source.AtEnd())
            {
                if (legacyTorch)
                {
                    Malformed(scan, prefix, source.Position, $"a legacy torch.save file has {streams} of its {LegacyTorchStreams} pickles");
                }

                return;
            }

            var ahead = source.Peek(PickleByteSource.MaxSpan);
            if (!legacyTorch && !PickleSignature.IsPickle(ahead, complete: ahead.Length < PickleByteSource.MaxSpan))
            {
                var offset = source.Position;
                var resync = FindNextStream(source);
                if (resync is null && TrailingPadding.Measure(source, scan.CancellationToken) is { } leading)
                {
                    ReportPadding(scan, prefix, offset, source.Position - offset, leading);
                    return;
                }

                scan.Report(PickleTrailingData.Create(
                    scan.Path,
                    PickleLocation.At(prefix, offset),
                    resync is { } next
                        ? $"{next} bytes that are not a pickle follow the pickle stream at offset {offset}; the pickle after them was scanned too."
                        : $"Data that is not a pickle follows the pickle stream at offset {offset}; it was not scanned.",
                    $"{prefix}|trailing",
                    $"offset {offset}"));
                if (resync is not { } skip || !source.Skip(skip))
                {
                    return;
                }
            }
        }
    }

    // Zeros cannot run code and start no pickle; a few bytes in front of them were searched for a stream at every offset.
    private static void ReportPadding(FileScan scan, string prefix, long offset, long length, int leading) =>
        scan.Report(PickleTrailingData.Create(
            scan.Path,
            PickleLocation.At(prefix, offset),
            leading == 0
                ? $"{length} zero bytes follow the pickle stream at offset {offset}: padding that no loader runs."
                : $"{length} bytes follow the pickle stream at offset {offset}: {leading} bytes that start no pickle, then zeros; no loader runs them.",
            $"{prefix}|trailing",
            $"offset {offset}") with { Severity = leading == 0 ? MLSecOps.Core.Rules.Severity.Info : MLSecOps.Core.Rules.Severity.Low });

    /// <summary>Looks past junk for another stream, as loaders that resynchronise would: any start within 256 bytes, a protocol 2–5 header within 64 KiB.</summary>
    private static int? FindNextStream(PickleByteSource source)
    {
        var window = source.Peek(PickleByteSource.MaxSpan);
        for (var i = 1; i < window.Length - 2; i++)
        {
            var candidate = window[i..];
            var protocolHeader = candidate[0] == 0x80 && candidate[1] is >= 2 and <= 5;
            if ((i < 256 || protocolHeader) && PickleSignature.CouldStart(candidate) && PickleSignature.IsPickle(candidate, complete: window.Length < PickleByteSource.MaxSpan))
            {
                return i;
            }
        }

        return null;
    }

    private static void ScanTorchTarMember(FileScan scan, PickleByteSource source, string prefix, int nesting, bool storages)
    {
        if (Next(scan, source, prefix, nesting) is not IntValue { Value: var count } || count < 0 || count > 10_000_000)
        {
            scan.Incomplete(PickleLocation.At(prefix, source.Position), "the legacy torch tar member does not start with a record count");
            return;
        }

        for (var i = 0; i < count; i++)
        {
            var record = Next(scan, source, prefix, nesting);
            if (record is null)
            {
                return;
            }

            var rawStart = source.Position;
            var skipped = storages ? SkipStorage(source, record) : SkipTensorHeader(source);
            if (!skipped)
            {
                scan.Incomplete(PickleLocation.At(prefix, rawStart), "raw legacy torch data could not be sized, so the rest of the member was not scanned");
                return;
            }
        }

        if (storages && Next(scan, source, prefix, nesting) is null)
        {
            return;
        }

        if (!source.AtEnd())
        {
            var offset = source.Position;
            scan.Report(PickleTrailingData.Create(
                scan.Path, PickleLocation.At(prefix, offset), $"Data follows the last record of the legacy torch member at offset {offset}; it was not scanned.", $"{prefix}|trailing", $"offset {offset}"));
        }
    }

    private static PickleValue? Next(FileScan scan, PickleByteSource source, string prefix, int nesting)
    {
        var result = new SymbolicPickleMachine(scan, source, prefix, nesting).Run();
        if (result.Outcome == PickleStreamOutcome.Empty)
        {
            Malformed(scan, prefix, source.Position, "the legacy torch tar member ends before its last record");
        }

        return result.Outcome == PickleStreamOutcome.Stopped ? result.Value ?? PickleValue.None : null;
    }

    private static bool SkipStorage(PickleByteSource source, PickleValue record)
    {
        // (key, location, storage_type); the data is an int64 element count then count × element size bytes.
        if (record is not TupleValue { Items: [_, _, GlobalValue type, ..] } || TorchStorageElementSize(type.Name) is not { } size
            || !source.TryRead(8, out var countBytes))
        {
            return false;
        }

        var elements = BinaryPrimitives.ReadInt64LittleEndian(countBytes);
        return elements >= 0 && elements <= long.MaxValue / size && source.Skip(elements * size);
    }

    private static bool SkipTensorHeader(PickleByteSource source)
    {
        // int32 ndim, 4 unused bytes, ndim int64 sizes, ndim int64 strides, int64 storage offset.
        if (!source.TryRead(8, out var head))
        {
            return false;
        }

        var ndim = BinaryPrimitives.ReadInt32LittleEndian(head);
        return ndim is >= 0 and <= 64 && source.Skip((16L * ndim) + 8);
    }

    private static int? TorchStorageElementSize(string storageType) => storageType switch
    {
        "DoubleStorage" or "LongStorage" or "ComplexFloatStorage" => 8,
        "FloatStorage" or "IntStorage" or "QInt32Storage" => 4,
        "HalfStorage" or "BFloat16Storage" or "ShortStorage" => 2,
        "CharStorage" or "ByteStorage" or "BoolStorage" or "QInt8Storage" or "QUInt8Storage" or "QUInt4x2Storage" or "QUInt2x4Storage" => 1,
        "ComplexDoubleStorage" => 16,
        _ => null,
    };

    private static void Malformed(FileScan scan, string prefix, long offset, string reason) =>
        scan.Report(MalformedPickle.Create(scan.Path, PickleLocation.At(prefix, offset), $"Malformed pickle: {reason}.", $"{prefix}|layout", $"offset {offset}"));
}
