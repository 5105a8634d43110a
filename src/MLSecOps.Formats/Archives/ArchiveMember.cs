namespace MLSecOps.Formats.Archives;

/// <summary>One regular file inside an archive.</summary>
/// <param name="Name">The member name as stored (untrusted: never used as a path on disk).</param>
/// <param name="Length">The declared uncompressed length, if known.</param>
/// <param name="UnsafeName">Whether the name is absolute or climbs out with <c>..</c>.</param>
public sealed record ArchiveMember(string Name, long? Length, bool UnsafeName);
