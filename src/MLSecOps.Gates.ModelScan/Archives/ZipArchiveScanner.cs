using MLSecOps.Core.Rules;
using System.IO.Compression;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>
/// Scans a ZIP (PyTorch checkpoint, npz, generic archive) member by member, by content: only members whose first bytes
/// are a pickle, an array or an archive are read further, so tensor data is never read beyond its first 512 bytes.
/// </summary>
internal static class ZipArchiveScanner
{
    private const long BombMinimumBytes = 10L * 1024 * 1024;
    private const int EncryptionHeaderBytes = 12;
    private const string StoredSizesAnomaly = "a stored member declares different compressed and uncompressed sizes";

    /// <summary>Scans the seekable ZIP in <paramref name="stream"/>, named <paramref name="logicalName"/> inside the file.</summary>
    public static void Scan(FileScan scan, Stream stream, string logicalName, int archiveDepth)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ZipDirectory directory;
        try
        {
            directory = LenientZipReader.Read(stream, scan.Budget.MaxArchiveEntries);
        }
        catch (Exception ex) when (ex is ZipFormatException or EndOfStreamException)
        {
            scan.Incomplete(ModelContentScanner.NameOrNull(logicalName), $"the ZIP archive cannot be read ({ex.Message})");
            return;
        }

        var prefix = logicalName.Length == 0 ? "" : logicalName + "!/";
        foreach (var anomaly in directory.Anomalies)
        {
            scan.Report(ZipHeaderAnomaly.Create(scan.Path, ModelContentScanner.NameOrNull(logicalName), $"ZIP anomaly: {anomaly}.", $"{logicalName}|{anomaly}"));
        }

        // TorchScript archives carry their own types (__torch__.*), which only the TorchScript loader resolves.
        var codeMembers = directory.Entries.Count(e => IsTorchScriptCode(e.Name));
        var previousPolicy = scan.Policy;
        if (codeMembers > 0)
        {
            scan.Report(TorchScriptCode.Create(
                scan.Path, ModelContentScanner.NameOrNull(logicalName), $"The archive is a TorchScript program with {codeMembers} code file(s); torch.jit.load runs them.", $"{logicalName}|torchscript"));
            scan.Policy = previousPolicy.ForTorchScript();
        }

        var overlapping = Overlapping(directory.Entries);
        if (overlapping.Count > 0)
        {
            scan.Report(ArchiveBomb.Create(
                scan.Path, ModelContentScanner.NameOrNull(logicalName), $"{overlapping.Count} ZIP member(s) share their data with another member (an overlapping-member bomb); they were not decompressed.", $"{logicalName}|overlap"));
        }

        try
        {
            foreach (var entry in directory.Entries)
            {
                scan.CancellationToken.ThrowIfCancellationRequested();
                if (overlapping.Contains(entry))
                {
                    scan.Incomplete(prefix + entry.Name, "the member's data overlaps another member's, so it was not decompressed");
                    continue;
                }

                ScanEntry(scan, stream, prefix + entry.Name, entry, archiveDepth);
            }
        }
        finally
        {
            scan.Policy = previousPolicy;
        }
    }

    /// <summary>Returns the members whose data starts inside an earlier member's data: no archiver writes that, zip bombs do (Fifield).</summary>
    private static HashSet<ZipEntry> Overlapping(IReadOnlyList<ZipEntry> entries)
    {
        var overlapping = new HashSet<ZipEntry>(ReferenceEqualityComparer.Instance);
        long end = -1;
        foreach (var entry in entries.Where(e => e.DataOffset >= 0 && !e.IsDirectory).OrderBy(e => e.DataOffset))
        {
            if (entry.DataOffset < end)
            {
                overlapping.Add(entry);
            }

            end = Math.Max(end, entry.DataOffset + entry.CompressedSize);
        }

        return overlapping;
    }

    // Loaders that ignore the flag (CVE-2025-1945) read the data as it is: if it is a pickle, array or archive, it is not ciphertext.
    private static bool IsReallyEncrypted(FileScan scan, Stream archive, ZipEntry entry)
    {
        if (entry.Method is not (0 or 8))
        {
            return true;
        }

        try
        {
            var raw = new StreamWindow(archive, entry.DataOffset, entry.CompressedSize);
            Stream data = entry.Method == 0 ? raw : new BudgetedReadStream(new DeflateStream(raw, CompressionMode.Decompress), scan);
            using (entry.Method == 0 ? null : data)
            {
                var content = ModelContentClassifier.Classify(data, new ContentClassification(ModelContentKind.Unknown, ""), wholeFile: false, out _);
                return content.Kind is ModelContentKind.Unknown or ModelContentKind.Text or ModelContentKind.Empty;
            }
        }
        catch (InvalidDataException)
        {
            return true;
        }
    }

    private static bool IsTorchScriptCode(string name) =>
        (name.StartsWith("code/", StringComparison.Ordinal) || name.Contains("/code/", StringComparison.Ordinal)) && name.EndsWith(".py", StringComparison.Ordinal);

    private static void ScanEntry(FileScan scan, Stream archive, string logicalName, ZipEntry entry, int archiveDepth)
    {
        ArchiveMemberChecks.CheckName(scan, logicalName);
        if (entry.LocalName is { } local && local != entry.Name)
        {
            scan.Report(ZipNameMismatch.Create(
                scan.Path, logicalName, $"ZIP member is named `{entry.Name}` in the central directory but `{local}` in its local header.", $"{logicalName}|name", $"central {entry.Name}, local {local}"));
        }

        var encrypted = (entry.Flags & 0x0041) != 0 && !entry.IsDirectory && !entry.IsSymlink && entry.DataOffset >= 0;
        var reallyEncrypted = encrypted && IsReallyEncrypted(scan, archive, entry);
        foreach (var anomaly in entry.Anomalies)
        {
            // Traditional PKWARE encryption stores a 12-byte header before the data: a stored member is then 12 bytes longer.
            if (!(reallyEncrypted && entry.Method == 0 && entry.CompressedSize == entry.UncompressedSize + EncryptionHeaderBytes && anomaly == StoredSizesAnomaly))
            {
                scan.Report(ZipHeaderAnomaly.Create(scan.Path, logicalName, $"ZIP anomaly in `{entry.Name}`: {anomaly}.", $"{logicalName}|{anomaly}"));
            }
        }

        if (reallyEncrypted)
        {
            // Ciphertext: no loader reads it without the password, and neither can the scanner.
            scan.Report(EncryptedArchiveMember.Create(
                scan.Path, logicalName, $"ZIP member `{entry.Name}` is encrypted: it cannot be inspected, and no model loader reads it without the password.", $"{logicalName}|encrypted")
                with { Severity = Severity.Medium });
            return;
        }

        if ((entry.Flags & 0x0041) != 0)
        {
            scan.Report(EncryptedArchiveMember.Create(
                scan.Path, logicalName, $"ZIP member `{entry.Name}` is flagged as encrypted but its data is readable; it was scanned as if it were not.", $"{logicalName}|encrypted"));
        }

        if (entry.IsSymlink)
        {
            ArchiveMemberChecks.ReportLink(scan, logicalName, "symbolic", null);
            return;
        }

        if (entry.IsDirectory)
        {
            return;
        }

        if (entry.DataOffset < 0)
        {
            scan.Incomplete(logicalName, "the member's local header is missing, so its data cannot be located");
            return;
        }

        if (entry.Method == 8 && entry.UncompressedSize > BombMinimumBytes && entry.UncompressedSize > entry.CompressedSize * scan.Budget.MaxCompressionRatio)
        {
            scan.Report(ArchiveBomb.Create(
                scan.Path, logicalName, $"ZIP member `{entry.Name}` expands from {entry.CompressedSize} to {entry.UncompressedSize} bytes.", $"{logicalName}|ratio"));
        }

        var raw = new StreamWindow(archive, entry.DataOffset, entry.CompressedSize);
        switch (entry.Method)
        {
            case 0:
                ModelContentScanner.Scan(scan, raw, logicalName, archiveDepth);
                break;
            case 8:
                using (var inflated = new BudgetedReadStream(new DeflateStream(raw, CompressionMode.Decompress), scan))
                {
                    try
                    {
                        ModelContentScanner.Scan(scan, inflated, logicalName, archiveDepth);
                    }
                    catch (InvalidDataException)
                    {
                        scan.Incomplete(logicalName, "the member's deflate data is corrupt");
                    }
                }

                break;
            default:
                scan.Incomplete(logicalName, $"ZIP compression method {entry.Method} is not supported, so the member was not scanned");
                break;
        }
    }
}
