namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>One member as the central directory and its local header describe it.</summary>
internal sealed record ZipEntry
{
    /// <summary>Gets the central-directory name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the local-header name, or null when there is no local header.</summary>
    public string? LocalName { get; init; }

    /// <summary>Gets the central general-purpose flags.</summary>
    public required int Flags { get; init; }

    /// <summary>Gets the compression method (0 stored, 8 deflate).</summary>
    public required int Method { get; init; }

    /// <summary>Gets the compressed size.</summary>
    public required long CompressedSize { get; init; }

    /// <summary>Gets the declared uncompressed size.</summary>
    public required long UncompressedSize { get; init; }

    /// <summary>Gets the offset of the member's data, or -1 when the local header is missing.</summary>
    public long DataOffset { get; init; } = -1;

    /// <summary>Gets whether the member is a Unix symbolic link.</summary>
    public bool IsSymlink { get; init; }

    /// <summary>Gets the header inconsistencies of this member (flags, method or sizes differ, encryption flag).</summary>
    public IReadOnlyList<string> Anomalies { get; init; } = [];

    /// <summary>Gets whether the name is a directory.</summary>
    public bool IsDirectory => Name.EndsWith('/');
}
