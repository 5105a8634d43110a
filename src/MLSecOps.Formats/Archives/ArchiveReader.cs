using System.Formats.Tar;
using System.IO.Compression;
using MLSecOps.Formats.Compression;
using SharpCompress.Archives.SevenZip;
using SharpCompress.Readers;

namespace MLSecOps.Formats.Archives;

/// <summary>Streams the regular-file members of a tar, ZIP or 7z archive under a budget; nothing is ever extracted to disk.</summary>
public static class ArchiveReader
{
    /// <summary>Visits each regular member in archive order until the budget or the archive ends.</summary>
    /// <param name="archive">The archive stream (ZIP and 7z need it seekable).</param>
    /// <param name="kind">The archive kind.</param>
    /// <param name="budget">The limits.</param>
    /// <param name="visit">Called with each member and a capped stream of its bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>How many members were visited, and whether members were left unread because of <see cref="ArchiveBudget.MaxMembers"/>.</returns>
    /// <exception cref="InvalidDataException">The archive is malformed.</exception>
    public static async Task<(int Visited, bool MembersLeft)> ReadAsync(
        Stream archive, ArchiveKind kind, ArchiveBudget budget, Func<ArchiveMember, ByteBudgetStream, Task> visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(archive);
        ArgumentNullException.ThrowIfNull(budget);
        ArgumentNullException.ThrowIfNull(visit);
        return kind switch
        {
            ArchiveKind.Tar => await ReadTarAsync(archive, budget, visit, cancellationToken).ConfigureAwait(false),
            ArchiveKind.Zip => await ReadZipAsync(archive, budget, visit, cancellationToken).ConfigureAwait(false),
            ArchiveKind.SevenZip => await ReadSevenZipAsync(archive, budget, visit, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "not an archive"),
        };
    }

    /// <summary>Returns whether an archive member name is absolute or climbs out of the extraction folder.</summary>
    /// <param name="name">The stored name.</param>
    /// <returns>Whether extracting it naively would write outside the target folder.</returns>
    public static bool IsUnsafeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var normal = name.Replace('\\', '/');
        return normal.StartsWith('/') || (normal.Length > 1 && normal[1] == ':') || normal.Split('/').Contains("..");
    }

    private static async Task<(int, bool)> ReadTarAsync(Stream archive, ArchiveBudget budget, Func<ArchiveMember, ByteBudgetStream, Task> visit, CancellationToken cancellationToken)
    {
        var reader = new TarReader(archive, leaveOpen: true);
        await using (reader.ConfigureAwait(false))
        {
            var visited = 0;
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken).ConfigureAwait(false) is { } entry)
            {
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile) || entry.DataStream is null)
                {
                    continue;
                }

                if (visited == budget.MaxMembers)
                {
                    return (visited, true);
                }

                visited++;
                using var capped = new ByteBudgetStream(entry.DataStream, budget.MaxMemberBytes, leaveOpen: true);
                await visit(new ArchiveMember(entry.Name, entry.Length, IsUnsafeName(entry.Name)), capped).ConfigureAwait(false);
            }

            return (visited, false);
        }
    }

    private static async Task<(int, bool)> ReadZipAsync(Stream archive, ArchiveBudget budget, Func<ArchiveMember, ByteBudgetStream, Task> visit, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(archive, ZipArchiveMode.Read, leaveOpen: true);
        var visited = 0;
        foreach (var entry in zip.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry.FullName.EndsWith('/'))
            {
                continue;
            }

            if (visited == budget.MaxMembers)
            {
                return (visited, true);
            }

            visited++;
            var data = entry.Open();
            using var capped = new ByteBudgetStream(data, budget.MaxMemberBytes);
            await visit(new ArchiveMember(entry.FullName, entry.Length, IsUnsafeName(entry.FullName)), capped).ConfigureAwait(false);
        }

        return (visited, false);
    }

    private static async Task<(int, bool)> ReadSevenZipAsync(Stream archive, ArchiveBudget budget, Func<ArchiveMember, ByteBudgetStream, Task> visit, CancellationToken cancellationToken)
    {
        if (!archive.CanSeek)
        {
            throw new InvalidDataException("a 7z archive can only be read from a seekable stream");
        }

        SevenZipHeaderCheck.EnsureBounded(archive);
        using var sevenZip = OpenSevenZip(archive);
        using var reader = sevenZip.ExtractAllEntries();
        var visited = 0;

        // Solid 7z folders decode front to back: the reader visits members in stored order, so nothing is decoded twice.
        while (MoveNext(reader))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entry = reader.Entry;
            if (entry.IsDirectory || entry.Key is null)
            {
                continue;
            }

            if (visited == budget.MaxMembers)
            {
                return (visited, true);
            }

            visited++;
            using var capped = new ByteBudgetStream(OpenEntry(reader), budget.MaxMemberBytes);
            await visit(new ArchiveMember(entry.Key, entry.Size, IsUnsafeName(entry.Key)), capped).ConfigureAwait(false);
        }

        return (visited, false);
    }

    /// <summary>Opens a 7z archive with SharpCompress, turning its own exception types into <see cref="InvalidDataException"/>.</summary>
    /// <param name="archive">The seekable archive; left open.</param>
    /// <returns>The archive.</returns>
    /// <exception cref="InvalidDataException">The archive is malformed.</exception>
    public static SevenZipArchive OpenSevenZip(Stream archive)
    {
        try
        {
            return (SevenZipArchive)SevenZipArchive.OpenArchive(archive, new ReaderOptions { LeaveStreamOpen = true });
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or InvalidDataException))
        {
            // SharpCompress throws its own types (and index errors) on hostile headers: all mean "malformed".
            throw new InvalidDataException($"the 7z archive cannot be read ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }

    private static bool MoveNext(IReader reader)
    {
        try
        {
            return reader.MoveToNextEntry();
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or InvalidDataException))
        {
            throw new InvalidDataException($"the 7z archive cannot be read ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }

    private static Stream OpenEntry(IReader reader)
    {
        try
        {
            return reader.OpenEntryStream();
        }
        catch (Exception ex) when (ex is not (OperationCanceledException or InvalidDataException))
        {
            throw new InvalidDataException($"a 7z member cannot be decoded ({ex.GetType().Name}: {ex.Message})", ex);
        }
    }
}
