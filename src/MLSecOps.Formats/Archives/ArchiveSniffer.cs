namespace MLSecOps.Formats.Archives;

/// <summary>Recognises tar, ZIP and 7z containers by their bytes.</summary>
public static class ArchiveSniffer
{
    /// <summary>Gets how many leading bytes <see cref="Sniff"/> needs to see a tar header.</summary>
    public const int HeadLength = 512;

    /// <summary>Returns the archive kind of a stream that starts with <paramref name="head"/>.</summary>
    /// <param name="head">The first bytes (512 for tar).</param>
    /// <returns>The kind, or <see cref="ArchiveKind.None"/>.</returns>
    public static ArchiveKind Sniff(ReadOnlySpan<byte> head)
    {
        if (head is [(byte)'P', (byte)'K', 3, 4, ..] or [(byte)'P', (byte)'K', 5, 6, ..])
        {
            return ArchiveKind.Zip;
        }

        if (head is [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C, ..])
        {
            return ArchiveKind.SevenZip;
        }

        return head.Length >= 262 && head.Slice(257, 5).SequenceEqual("ustar"u8) ? ArchiveKind.Tar : ArchiveKind.None;
    }
}
