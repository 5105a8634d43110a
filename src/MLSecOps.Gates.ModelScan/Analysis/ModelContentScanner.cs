using System.IO.Compression;
using MLSecOps.Gates.ModelScan.Archives;
using MLSecOps.Gates.ModelScan.Pickle;
using MLSecOps.Gates.ModelScan.Rules;
using SharpCompress.Compressors.BZip2;
using SharpCompress.Compressors.Xz;

namespace MLSecOps.Gates.ModelScan.Analysis;

/// <summary>Routes data (a file or an archive member) to the scanner for its content, recursing into containers within budget.</summary>
internal static class ModelContentScanner
{
    /// <summary>Scans <paramref name="stream"/>, named <paramref name="logicalName"/> inside the file (empty for the file itself).</summary>
    /// <param name="scan">The file's scan.</param>
    /// <param name="stream">The data at its start; seekable streams are read in place, others once.</param>
    /// <param name="logicalName">Where the data is inside the file, such as <c>archive/data.pkl</c>.</param>
    /// <param name="archiveDepth">How many archives enclose the data.</param>
    /// <param name="layout">The pickle layout a container implies (legacy PyTorch tar members).</param>
    /// <param name="known">The classification, when the caller already has it (the gate's, for the file itself); members are classified here, with their own names.</param>
    public static void Scan(FileScan scan, Stream stream, string logicalName, int archiveDepth, PickleStreamLayout layout = PickleStreamLayout.Plain, ContentClassification? known = null)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        scan.CancellationToken.ThrowIfCancellationRequested();
        var data = stream;
        var content = known ?? ModelContentClassifier.Classify(stream, new ContentClassification(ModelContentKind.Unknown, ModelFileProbe.NameOf(logicalName)), wholeFile: false, out data);
        try
        {
            ScanAs(scan, data, content.Kind, logicalName, archiveDepth, layout);
        }
        catch (ScanBudgetExceededException ex) when (!ex.FileWide)
        {
            // One stream's budget (opcodes, stack, memo): the rest of the enclosing archive is still scanned, and what was found is kept.
            scan.Incomplete(NameOrNull(logicalName), $"budget exceeded: {ex.Message}");
        }
    }

    private static void ScanAs(FileScan scan, Stream data, ModelContentKind kind, string logicalName, int archiveDepth, PickleStreamLayout layout)
    {
        switch (kind)
        {
            case ModelContentKind.Pickle:
                PickleStreamScanner.ScanStreams(scan, data, logicalName, 0, layout);
                scan.Read("pickle");
                break;
            case ModelContentKind.Numpy:
                NumpyArrayScanner.Scan(scan, data, logicalName);
                scan.Read("NumPy");
                break;
            case ModelContentKind.Zip:
                if (EnterContainer(scan, logicalName, archiveDepth) && Seekable(scan, data, logicalName) is { } seekable)
                {
                    using (seekable == data ? null : seekable)
                    {
                        ZipArchiveScanner.Scan(scan, seekable, logicalName, archiveDepth + 1);
                    }

                    scan.Read("ZIP");
                }

                break;
            case ModelContentKind.Tar:
                if (EnterContainer(scan, logicalName, archiveDepth))
                {
                    TarArchiveScanner.Scan(scan, data, logicalName, archiveDepth + 1);
                    scan.Read("TAR");
                }

                break;
            case ModelContentKind.Gzip:
                Decompress(scan, () => new GZipStream(data, CompressionMode.Decompress, leaveOpen: true), logicalName, archiveDepth);
                break;
            case ModelContentKind.Zlib:
                Decompress(scan, () => new ZLibStream(data, CompressionMode.Decompress, leaveOpen: true), logicalName, archiveDepth);
                break;
            case ModelContentKind.Lzma:
                Decompress(scan, () => ModelContentClassifier.OpenLzmaAlone(data), logicalName, archiveDepth);
                break;
            case ModelContentKind.Xz:
                Decompress(scan, () => new XZStream(new NonClosingStream(data)), logicalName, archiveDepth);
                break;
            case ModelContentKind.Bzip2:
                Decompress(scan, () => BZip2Stream.Create(new NonClosingStream(data), SharpCompress.Compressors.CompressionMode.Decompress, decompressConcatenated: true), logicalName, archiveDepth);
                break;
            case ModelContentKind.Zstd:
                Decompress(scan, () => new ZstdSharp.DecompressionStream(new NonClosingStream(data)), logicalName, archiveDepth);
                break;
            case ModelContentKind.SevenZip:
                if (EnterContainer(scan, logicalName, archiveDepth) && Seekable(scan, data, logicalName) is { } archive)
                {
                    using (archive == data ? null : archive)
                    {
                        SevenZipArchiveScanner.Scan(scan, archive, logicalName, archiveDepth + 1);
                    }

                    scan.Read("7z");
                }

                break;
            case ModelContentKind.Text when logicalName.Length > 0:
                PrefixedPickleCheck.Check(scan, data, logicalName);
                break;
            case ModelContentKind.Rar or ModelContentKind.Lz4:
                scan.Incomplete(NameOrNull(logicalName), $"{kind} containers are not opened by the scanner, so their content was not analysed");
                break;
            default:
                break;
        }
    }

    /// <summary>Returns <paramref name="logicalName"/>, or null for the file itself.</summary>
    public static string? NameOrNull(string logicalName) => logicalName.Length == 0 ? null : logicalName;

    private static bool EnterContainer(FileScan scan, string logicalName, int archiveDepth)
    {
        if (archiveDepth < scan.Budget.MaxArchiveDepth)
        {
            return true;
        }

        scan.Report(ArchiveBomb.Create(
            scan.Path, NameOrNull(logicalName), $"Archives are nested more than {scan.Budget.MaxArchiveDepth} deep; the innermost was not opened.", $"{logicalName}|depth"));
        scan.Incomplete(NameOrNull(logicalName), "archive nested deeper than the budget");
        return false;
    }

    private static void Decompress(FileScan scan, Func<Stream> open, string logicalName, int archiveDepth)
    {
        if (!EnterContainer(scan, logicalName, archiveDepth))
        {
            return;
        }

        try
        {
            using var budgeted = new BudgetedReadStream(open(), scan);
            Scan(scan, budgeted, logicalName, archiveDepth + 1);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ScanBudgetExceededException))
        {
            // Third-party decoders throw their own exception types on hostile data: any of them means corrupt data.
            scan.Incomplete(NameOrNull(logicalName), $"the compressed data is corrupt ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private static Stream? Seekable(FileScan scan, Stream data, string logicalName)
    {
        if (data.CanSeek)
        {
            return data;
        }

        // A compressed archive inside an archive: ZIP needs random access, so it is buffered within the memory budget.
        var buffer = MemberBuffer.Fill(scan, data, scan.Budget.MaxBufferedMemberBytes);
        if (buffer is null)
        {
            scan.Incomplete(NameOrNull(logicalName), $"a compressed nested archive is larger than {scan.Budget.MaxBufferedMemberBytes / (1024 * 1024)} MiB");
        }

        return buffer;
    }
}
