using System.Text;
using MLSecOps.Formats.Archives;
using MLSecOps.Formats.Compression;
using MLSecOps.Formats.Streams;

namespace MLSecOps.Gates.ModelScan.Formats.Packaged;

/// <summary>
/// Lists a packaged model (a TorchServe <c>.mar</c>, a NeMo <c>.nemo</c>, a skops file) and reads its small text members, through
/// the shared bounded archive reader: ZIP, 7z or tar, optionally gzip/bzip2/xz/zstd compressed; nothing is extracted.
/// </summary>
internal static class PackagedMembers
{
    /// <summary>The most bytes of one text member that are read.</summary>
    public const int MaxTextBytes = 4 * 1024 * 1024;

    /// <summary>The most members listed.</summary>
    public const int MaxMembers = 10_000;

    private const long MaxDecompressedBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>Lists the archive at <paramref name="fullPath"/>, reading as text the members whose name <paramref name="wanted"/> accepts.</summary>
    /// <returns>The members in stored order, and whether more than <see cref="MaxMembers"/> were left unlisted.</returns>
    /// <exception cref="InvalidDataException">The file is not an archive, or is malformed.</exception>
    public static async Task<(IReadOnlyList<PackagedMember> Members, bool MembersLeft)> ReadAsync(string fullPath, Func<string, bool> wanted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        try
        {
            return await ReadArchiveAsync(fullPath, wanted, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or InvalidDataException or IOException or UnauthorizedAccessException))
        {
            // The tar, bzip2, xz and zstd decoders face hostile bytes and throw their own types: all mean "malformed".
            throw new InvalidDataException($"{ex.GetType().Name}: {ex.Message}", ex);
        }
    }

    private static async Task<(IReadOnlyList<PackagedMember> Members, bool MembersLeft)> ReadArchiveAsync(string fullPath, Func<string, bool> wanted, CancellationToken cancellationToken)
    {
        var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
        await using (file.ConfigureAwait(false))
        {
            var head = await HeadAsync(file, cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            var compression = CompressionSniffer.Sniff(head.Span);
            if (compression == CompressionKind.None)
            {
                return await ListAsync(file, ArchiveSniffer.Sniff(head.Span), wanted, cancellationToken).ConfigureAwait(false);
            }

            var decompressed = BoundedDecompression.Open(file, compression, MaxDecompressedBytes);
            await using (decompressed.ConfigureAwait(false))
            {
                var inner = await HeadAsync(decompressed, cancellationToken).ConfigureAwait(false);
                var kind = ArchiveSniffer.Sniff(inner.Span);
                if (kind != ArchiveKind.Tar)
                {
                    throw new InvalidDataException($"the {compression} stream does not hold a tar archive");
                }

                return await ListAsync(new HeadReplayStream(inner, decompressed), kind, wanted, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(IReadOnlyList<PackagedMember>, bool)> ListAsync(Stream archive, ArchiveKind kind, Func<string, bool> wanted, CancellationToken cancellationToken)
    {
        if (kind == ArchiveKind.None)
        {
            throw new InvalidDataException("the file is not a ZIP, 7z or tar archive");
        }

        var members = new List<PackagedMember>();
        var (_, left) = await ArchiveReader.ReadAsync(archive, kind, new ArchiveBudget { MaxMembers = MaxMembers }, async (member, data) =>
        {
            if (!wanted(member.Name))
            {
                members.Add(new PackagedMember(member.Name, null, false));
                return;
            }

            var buffer = new byte[(int)Math.Min(MaxTextBytes, Math.Max(0, member.Length ?? MaxTextBytes))];
            var read = await data.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var truncated = read == MaxTextBytes && data.ReadByte() >= 0;
            members.Add(new PackagedMember(member.Name, Encoding.UTF8.GetString(buffer, 0, read), truncated));
        }, cancellationToken).ConfigureAwait(false);
        return (members, left);
    }

    private static async Task<ReadOnlyMemory<byte>> HeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new byte[ArchiveSniffer.HeadLength];
        var read = await stream.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        return head.AsMemory(0, read);
    }
}
