using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Formats.Locking;
using MLSecOps.Gates.DataCheck.Rules;

namespace MLSecOps.Gates.DataCheck.Integrity;

/// <summary>The data side of the shared lock file: every data-check file is compared with its <c>data</c> entry (DAT080-DAT082).</summary>
internal sealed class DataLock
{
    private readonly LockDocument _document;

    private DataLock(string path, string fullPath, LockDocument document)
    {
        Path = path;
        FullPath = fullPath;
        _document = document;
    }

    /// <summary>Gets the lock file's repository-relative path.</summary>
    public string Path { get; }

    /// <summary>Gets the lock file's absolute path.</summary>
    public string FullPath { get; }

    /// <summary>Loads the lock file; a missing, outside or malformed one is DAT001 and yields null (fail closed, never "no drift").</summary>
    public static async Task<(DataLock? Lock, Finding? Problem)> LoadAsync(GateContext context, string relativePath, CancellationToken cancellationToken)
    {
        var full = context.ResolveInRepository(relativePath.Replace('\\', '/').TrimStart('/'));
        var path = full is null ? relativePath : context.ToRelativePath(full);
        if (full is null || !File.Exists(full))
        {
            return (null, Problem(path, "the lock file does not exist (or leaves the repository), so data integrity (DAT080-DAT082) was not checked"));
        }

        try
        {
            return (new DataLock(path, full, await LockDocument.ReadAsync(full, cancellationToken).ConfigureAwait(false)), null);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            return (null, Problem(path, $"the lock file is malformed ({ex.Message}), so data integrity (DAT080-DAT082) was not checked"));
        }
    }

    /// <summary>Returns whether the data-check file is one the lock covers: not the lock itself, and not locked as a model.</summary>
    public bool Covers(ScanFile file) =>
        !string.Equals(System.IO.Path.GetFullPath(file.FullPath), FullPath, StringComparison.Ordinal)
        && !(_document.Entries.TryGetValue(file.RelativePath, out var entry) && entry.Kind == LockKind.Model);

    /// <summary>Compares a data file's digest with its entry: DAT080 changed, DAT082 not listed.</summary>
    public Finding? Check(ScanFile file, FileDigest digest)
    {
        if (!_document.Entries.TryGetValue(file.RelativePath, out var expected))
        {
            return DataLockUnlisted.Create(file.RelativePath, null, $"Data file is not recorded in {Path}: it was added after the lock was written.", "unlisted", $"sha256 {digest.Sha256}, {digest.Size} bytes");
        }

        if (expected.Sha256 == digest.Sha256 && expected.Size == digest.Size)
        {
            return null;
        }

        var what = expected.Size == digest.Size ? "its SHA-256 changed" : $"its size ({expected.Size} bytes locked, {digest.Size} found) and SHA-256 changed";
        return DataLockChanged.Create(file.RelativePath, null, $"Data file differs from the one recorded in {Path}: {what}.", "changed", $"locked {expected.Sha256}, found {digest.Sha256}");
    }

    /// <summary>Reports data entries whose files are gone (DAT081); files merely outside this run are not reported.</summary>
    public IEnumerable<Finding> Missing(GateContext context)
    {
        var scanned = context.Files.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var root = System.IO.Path.GetFullPath(context.RepositoryRoot);
        foreach (var entry in _document.OfKind(LockKind.Data))
        {
            if (!scanned.Contains(entry.Path) && !File.Exists(System.IO.Path.GetFullPath(System.IO.Path.Combine(root, entry.Path))))
            {
                yield return DataLockMissing.Create(Path, entry.Path, $"The lock file lists data file `{entry.Path}`, which does not exist.", $"missing|{entry.Path}", entry.Path);
            }
        }
    }

    /// <summary>Returns the lock entries of the data-check files, for <c>--write-lock</c>.</summary>
    /// <param name="files">The gate's files.</param>
    /// <param name="excluded">Absolute paths never locked as data (the lock file, the approved profile).</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <returns>The entries.</returns>
    public static async Task<IReadOnlyList<LockEntry>> EntriesAsync(IEnumerable<ScanFile> files, IReadOnlySet<string> excluded, CancellationToken cancellationToken)
    {
        var entries = new List<LockEntry>();
        foreach (var file in files.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            if (!excluded.Contains(System.IO.Path.GetFullPath(file.FullPath)))
            {
                var digest = await FileDigest.OfAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
                entries.Add(new LockEntry(file.RelativePath, digest.Sha256, digest.Size, LockKind.Data));
            }
        }

        return entries;
    }

    private static Finding Problem(string path, string reason) =>
        Finding.Create(IncompleteScan.Descriptor, Location.File(path, null), $"Scan incomplete: {reason}.", $"lock:{reason}");
}
