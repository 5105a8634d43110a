namespace MLSecOps.Formats.Archives;

/// <summary>A multi-file container recognised by its content.</summary>
public enum ArchiveKind
{
    /// <summary>Not an archive.</summary>
    None,

    /// <summary>A POSIX (ustar / GNU / pax) tar stream.</summary>
    Tar,

    /// <summary>A ZIP file.</summary>
    Zip,

    /// <summary>A 7-Zip archive (read through SharpCompress; needs a seekable stream).</summary>
    SevenZip,
}
