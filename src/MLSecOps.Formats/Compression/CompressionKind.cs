namespace MLSecOps.Formats.Compression;

/// <summary>A stream compression recognised by its magic bytes.</summary>
public enum CompressionKind
{
    /// <summary>Not compressed (or not a compression this reader knows).</summary>
    None,

    /// <summary>gzip (RFC 1952).</summary>
    Gzip,

    /// <summary>Zstandard frame.</summary>
    Zstd,

    /// <summary>bzip2.</summary>
    Bzip2,

    /// <summary>xz (LZMA2).</summary>
    Xz,
}
