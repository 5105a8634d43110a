namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>A ZIP archive's members and archive-level anomalies.</summary>
/// <param name="Entries">The members, in central-directory order.</param>
/// <param name="Anomalies">Archive-level inconsistencies (leading data, entry counts).</param>
internal sealed record ZipDirectory(IReadOnlyList<ZipEntry> Entries, IReadOnlyList<string> Anomalies);
