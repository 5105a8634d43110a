namespace MLSecOps.Formats.Compression;

/// <summary>Recognises a compressed stream by its first bytes, never by its file name.</summary>
public static class CompressionSniffer
{
    /// <summary>Gets how many leading bytes <see cref="Sniff"/> needs at most.</summary>
    public const int HeadLength = 6;

    /// <summary>Returns the compression whose magic bytes start <paramref name="head"/>.</summary>
    /// <param name="head">The first bytes of the stream.</param>
    /// <returns>The compression, or <see cref="CompressionKind.None"/>.</returns>
    public static CompressionKind Sniff(ReadOnlySpan<byte> head) => head switch
    {
        [0x1F, 0x8B, ..] => CompressionKind.Gzip,
        [0x28, 0xB5, 0x2F, 0xFD, ..] => CompressionKind.Zstd,
        [(byte)'B', (byte)'Z', (byte)'h', >= (byte)'1' and <= (byte)'9', ..] => CompressionKind.Bzip2,
        [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00, ..] => CompressionKind.Xz,
        _ => CompressionKind.None,
    };
}
