using MLSecOps.Core.Gates;
using MLSecOps.Core.Rules;
using MLSecOps.Formats.Locking;
using MLSecOps.Gates.ModelScan.Rules;

namespace MLSecOps.Gates.ModelScan.Integrity;

/// <summary>The lock file as the gate checks it: loaded once, then each model file's digest is compared.</summary>
internal sealed class ModelLock
{
    private readonly IReadOnlyDictionary<string, LockEntry> _entries;

    private ModelLock(string path, IReadOnlyDictionary<string, LockEntry> entries)
    {
        Path = path;
        _entries = entries;
    }

    /// <summary>Gets the lock file's repository-relative path.</summary>
    public string Path { get; }

    /// <summary>Loads the lock file; a missing or unreadable one is reported as MOD001 and yields null.</summary>
    public static async Task<(ModelLock? Lock, Finding? Problem)> LoadAsync(GateContext context, string relativePath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        // The policy path is relative to the scanned folder; findings and entries use repository-relative paths.
        var full = context.ResolveInRepository(relativePath.Replace('\\', '/').TrimStart('/'));
        var path = full is null ? relativePath : context.ToRelativePath(full);
        if (full is null || !File.Exists(full))
        {
            return (null, IncompleteScan.Create(path, null, "the model lock file does not exist, so model integrity was not checked"));
        }

        try
        {
            var document = await LockDocument.ReadAsync(full, cancellationToken).ConfigureAwait(false);
            return (new ModelLock(path, document.OfKind(LockKind.Model).ToDictionary(e => e.Path, StringComparer.Ordinal)), null);
        }
        catch (FormatException ex)
        {
            return (null, IncompleteScan.Create(path, null, $"the model lock file is malformed ({ex.Message}), so model integrity was not checked"));
        }
    }

    /// <summary>Compares a model file's digest with its entry.</summary>
    public Finding? Check(ScanFile file, FileDigest digest)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(digest);
        if (!_entries.TryGetValue(file.RelativePath, out var expected))
        {
            return ModelLockUnlisted.Create(file.RelativePath, null, $"Model file is not recorded in {Path}.", "unlisted", $"sha256 {digest.Sha256}");
        }

        return expected.Sha256 == digest.Sha256 && (expected.Size is null || expected.Size == digest.Size)
            ? null
            : ModelLockChanged.Create(file.RelativePath, null, $"Model file's SHA-256 differs from the one recorded in {Path}.", "changed", $"locked {expected.Sha256}, found {digest.Sha256}");
    }

    /// <summary>Reports entries whose files are gone from the repository (files merely outside this run are not reported).</summary>
    public IEnumerable<Finding> Missing(GateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scanned = context.Files.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var root = System.IO.Path.GetFullPath(context.RepositoryRoot);
        foreach (var path in _entries.Keys.Order(StringComparer.Ordinal))
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(root, path));
            if (!scanned.Contains(path) && !File.Exists(full))
            {
                yield return ModelLockMissing.Create(Path, path, $"The lock file lists `{path}`, which does not exist.", $"missing|{path}", path);
            }
        }
    }
}
