using MLSecOps.Core.Gates;
using MLSecOps.Formats.Locking;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Integrity;

/// <summary>The model side of the lock file (<see cref="LockDocument"/>): which files are locked as models, and their entries.</summary>
public static class ModelLockFile
{
    /// <summary>Writes a lock file holding only the models among <paramref name="candidateFiles"/> (sniffed by content, or named as models).</summary>
    /// <param name="repositoryRoot">The folder <paramref name="lockPath"/> is resolved against.</param>
    /// <param name="candidateFiles">The files to consider, such as the gate's file list.</param>
    /// <param name="lockPath">The lock file path, relative to <paramref name="repositoryRoot"/> or absolute.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <returns>The number of files locked.</returns>
    public static async Task<int> WriteAsync(string repositoryRoot, IEnumerable<ScanFile> candidateFiles, string lockPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        ArgumentNullException.ThrowIfNull(lockPath);
        var target = Path.GetFullPath(Path.Combine(repositoryRoot, lockPath));
        var entries = await EntriesAsync(candidateFiles, target, cancellationToken).ConfigureAwait(false);
        await LockDocument.WriteAsync(target, entries, cancellationToken).ConfigureAwait(false);
        return entries.Count;
    }

    /// <summary>Returns the lock entries of the models among <paramref name="candidateFiles"/>, leaving out the lock file itself.</summary>
    /// <param name="candidateFiles">The files to consider.</param>
    /// <param name="lockFullPath">The lock file's absolute path.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <returns>The entries, sorted by path.</returns>
    public static async Task<IReadOnlyList<LockEntry>> EntriesAsync(IEnumerable<ScanFile> candidateFiles, string lockFullPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidateFiles);
        var entries = new List<LockEntry>();
        foreach (var file in candidateFiles.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.Equals(Path.GetFullPath(file.FullPath), lockFullPath, StringComparison.Ordinal) || !IsModel(file))
            {
                continue;
            }

            var digest = await FileDigest.OfAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
            entries.Add(new LockEntry(file.RelativePath, digest.Sha256, digest.Size, LockKind.Model));
        }

        return entries;
    }

    /// <summary>Returns whether a file is a model by its classification or its name.</summary>
    internal static bool IsModel(ScanFile file) => ModelFileNames.IsModel(ModelFileProbe.Read(file).Content);
}
