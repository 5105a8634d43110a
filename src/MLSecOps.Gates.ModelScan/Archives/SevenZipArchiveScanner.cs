using MLSecOps.Formats.Archives;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;
using SharpCompress.Common;
using SharpCompress.Readers;

namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>
/// Scans a 7z archive (the nullifAI wrapper of PyTorch checkpoints) member by member, by content, under the same budgets as ZIP:
/// every decoded byte is charged to the file's decompression budget, names are checked for traversal, encrypted members are reported.
/// </summary>
internal static class SevenZipArchiveScanner
{
    /// <summary>Scans the seekable 7z archive in <paramref name="stream"/>, named <paramref name="logicalName"/> inside the file.</summary>
    public static void Scan(FileScan scan, Stream stream, string logicalName, int archiveDepth)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        var prefix = logicalName.Length == 0 ? "" : logicalName + "!/";
        try
        {
            SevenZipHeaderCheck.EnsureBounded(stream);
            using var archive = ArchiveReader.OpenSevenZip(stream);
            using var reader = archive.ExtractAllEntries();
            var members = 0;
            while (Next(reader))
            {
                scan.CancellationToken.ThrowIfCancellationRequested();
                var entry = reader.Entry;
                if (entry.IsDirectory || entry.Key is null)
                {
                    continue;
                }

                if (++members > scan.Budget.MaxArchiveEntries)
                {
                    scan.Incomplete(ModelContentScanner.NameOrNull(logicalName), "the 7z archive has too many members");
                    return;
                }

                ScanEntry(scan, reader, entry, prefix + entry.Key, archiveDepth);
            }
        }
        catch (InvalidDataException ex)
        {
            scan.Incomplete(ModelContentScanner.NameOrNull(logicalName), ex.Message);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ScanBudgetExceededException))
        {
            // SharpCompress faces hostile bytes here: any of its failures means the rest of the archive was not seen.
            scan.Incomplete(ModelContentScanner.NameOrNull(logicalName), $"the 7z archive cannot be read ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private static void ScanEntry(FileScan scan, IReader reader, IEntry entry, string member, int archiveDepth)
    {
        ArchiveMemberChecks.CheckName(scan, member);
        if (entry.IsEncrypted)
        {
            scan.Report(EncryptedArchiveMember.Create(scan.Path, member, $"7z member `{entry.Key}` is encrypted; its content cannot be scanned.", $"{member}|encrypted"));
            scan.Incomplete(member, "the member is encrypted");
            return;
        }

        using var data = new BudgetedReadStream(reader.OpenEntryStream(), scan);
        ModelContentScanner.Scan(scan, data, member, archiveDepth);

        // A solid 7z must decode a member to reach the next one: the rest is read here, so it is charged to the budgets
        // (a 7z bomb stops at max-member-decompressed-mb instead of running the reader to the per-file deadline).
        var rest = new byte[64 * 1024];
        while (data.Read(rest, 0, rest.Length) > 0)
        {
            scan.CancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static bool Next(IReader reader)
    {
        try
        {
            return reader.MoveToNextEntry();
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or ScanBudgetExceededException))
        {
            throw new InvalidDataException($"the 7z archive cannot be read ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }
}
