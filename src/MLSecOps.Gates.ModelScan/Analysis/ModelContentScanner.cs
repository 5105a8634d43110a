using System.IO.Compression;
using MLSecOps.Gates.ModelScan.Archives;
using MLSecOps.Gates.ModelScan.Pickle;
using MLSecOps.Gates.ModelScan.Rules;

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
    public static void Scan(FileScan scan, Stream stream, string logicalName, int archiveDepth, PickleStreamLayout layout = PickleStreamLayout.Plain)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        scan.CancellationToken.ThrowIfCancellationRequested();
        var head = new byte[ModelFileProbe.HeadLength];
        var headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var data = Rewind(stream, head.AsMemory(0, headLength));
        var kind = ModelContentSniffer.Sniff(head.AsSpan(0, headLength), stream.CanSeek ? stream.Length : null, Path.GetFileName(logicalName).ToLowerInvariant());
        if (kind == ModelContentKind.Unknown && archiveDepth == 0 && data.CanSeek && headLength > 0 && LenientZipReader.HasEndRecord(data))
        {
            // A ZIP file can start with anything (self-extractors, spanning markers): its end record decides. Members are
            // not probed this way, since tensor bytes may contain the signature by chance.
            kind = ModelContentKind.Zip;
        }

        switch (kind)
        {
            case ModelContentKind.Pickle:
                PickleStreamScanner.ScanStreams(scan, data, logicalName, 0, layout);
                break;
            case ModelContentKind.Numpy:
                NumpyArrayScanner.Scan(scan, data, logicalName);
                break;
            case ModelContentKind.Zip:
                if (EnterContainer(scan, logicalName, archiveDepth) && Seekable(scan, data, logicalName) is { } seekable)
                {
                    ZipArchiveScanner.Scan(scan, seekable, logicalName, archiveDepth + 1);
                }

                break;
            case ModelContentKind.Tar:
                if (EnterContainer(scan, logicalName, archiveDepth))
                {
                    TarArchiveScanner.Scan(scan, data, logicalName, archiveDepth + 1);
                }

                break;
            case ModelContentKind.Gzip:
                Decompress(scan, new GZipStream(data, CompressionMode.Decompress, leaveOpen: true), logicalName, archiveDepth);
                break;
            case ModelContentKind.Zlib:
                Decompress(scan, new ZLibStream(data, CompressionMode.Decompress, leaveOpen: true), logicalName, archiveDepth);
                break;
            case ModelContentKind.SevenZip or ModelContentKind.Rar or ModelContentKind.Bzip2 or ModelContentKind.Xz
                or ModelContentKind.Lzma or ModelContentKind.Zstd or ModelContentKind.Lz4:
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

    private static void Decompress(FileScan scan, Stream decompressor, string logicalName, int archiveDepth)
    {
        if (!EnterContainer(scan, logicalName, archiveDepth))
        {
            decompressor.Dispose();
            return;
        }

        using var budgeted = new BudgetedReadStream(decompressor, scan);
        try
        {
            Scan(scan, budgeted, logicalName, archiveDepth + 1);
        }
        catch (InvalidDataException)
        {
            scan.Incomplete(NameOrNull(logicalName), "the compressed data is corrupt");
        }
    }

    private static Stream? Seekable(FileScan scan, Stream data, string logicalName)
    {
        if (data.CanSeek)
        {
            return data;
        }

        // A compressed archive inside an archive: buffered within budget, since ZIP needs random access.
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = data.Read(chunk)) > 0)
        {
            if (buffer.Length + read > scan.Budget.MaxBufferedMemberBytes)
            {
                scan.Incomplete(NameOrNull(logicalName), $"a compressed nested archive is larger than {scan.Budget.MaxBufferedMemberBytes / (1024 * 1024)} MiB");
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        buffer.Position = 0;
        return buffer;
    }

    private static Stream Rewind(Stream stream, ReadOnlyMemory<byte> head)
    {
        if (stream.CanSeek)
        {
            stream.Position -= head.Length;
            return stream;
        }

        return new HeadReplayStream(head, stream);
    }
}
