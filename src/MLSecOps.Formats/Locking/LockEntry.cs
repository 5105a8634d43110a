namespace MLSecOps.Formats.Locking;

/// <summary>One locked file.</summary>
/// <param name="Path">The repository-relative forward-slash path.</param>
/// <param name="Sha256">The lower-case hex SHA-256 of the file.</param>
/// <param name="Size">The size in bytes, or <see langword="null"/> in a version 1 lock, which does not record it.</param>
/// <param name="Kind">Whether the file is a model or a data-set file.</param>
public sealed record LockEntry(string Path, string Sha256, long? Size, LockKind Kind);
