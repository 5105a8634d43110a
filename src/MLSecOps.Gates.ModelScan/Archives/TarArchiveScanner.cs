using System.Globalization;
using System.Text;
using MLSecOps.Gates.ModelScan.Analysis;
using MLSecOps.Gates.ModelScan.Pickle;

namespace MLSecOps.Gates.ModelScan.Archives;

/// <summary>
/// Walks a TAR archive (ustar, GNU long names, PAX) without extracting it, scanning each regular member by content;
/// the members of a legacy PyTorch tar (<c>sys_info</c>, <c>pickle</c>, <c>storages</c>, <c>tensors</c>) get their layouts.
/// </summary>
internal static class TarArchiveScanner
{
    private const int Block = 512;
    private const int MaxMetadata = 1024 * 1024;

    /// <summary>Scans the TAR in <paramref name="stream"/>.</summary>
    public static void Scan(FileScan scan, Stream stream, string logicalName, int archiveDepth)
    {
        ArgumentNullException.ThrowIfNull(scan);
        ArgumentNullException.ThrowIfNull(stream);
        var prefix = logicalName.Length == 0 ? "" : logicalName + "!/";
        var header = new byte[Block];
        string? longName = null;
        string? longLink = null;
        var members = 0;
        while (true)
        {
            scan.CancellationToken.ThrowIfCancellationRequested();
            var read = stream.ReadAtLeast(header, Block, throwOnEndOfStream: false);
            if (read < Block)
            {
                // Found by mutation tests: a TAR cut short (no end-of-archive blocks) used to end the walk without a word.
                scan.Incomplete(ModelContentScanner.NameOrNull(logicalName), read == 0 ? "the TAR ends without its end-of-archive marker" : "the TAR ends inside a member header");
                return;
            }

            if (header.All(b => b == 0))
            {
                return;
            }

            if (++members > scan.Budget.MaxArchiveEntries || !ChecksumMatches(header))
            {
                scan.Incomplete(ModelContentScanner.NameOrNull(logicalName), members > scan.Budget.MaxArchiveEntries ? "the TAR has too many members" : "a TAR header checksum is wrong");
                return;
            }

            var type = (char)header[156];
            var size = ReadSize(header.AsSpan(124, 12));
            if (size < 0)
            {
                scan.Incomplete(ModelContentScanner.NameOrNull(logicalName), "a TAR member size is unreadable");
                return;
            }

            var name = longName ?? HeaderName(header);
            var link = longLink ?? Text(header.AsSpan(157, 100));
            var padded = (size + Block - 1) / Block * Block;
            if (type is 'L' or 'K' or 'x')
            {
                var metadata = ReadMetadata(stream, size, padded);
                if (metadata is null)
                {
                    scan.Incomplete(ModelContentScanner.NameOrNull(logicalName), "a TAR long-name or PAX record is truncated or too large");
                    return;
                }

                (longName, longLink) = type switch
                {
                    'L' => (metadata.TrimEnd('\0'), longLink),
                    'K' => (longName, metadata.TrimEnd('\0')),
                    _ => (PaxValue(metadata, "path") ?? longName, PaxValue(metadata, "linkpath") ?? longLink),
                };
                continue;
            }

            longName = null;
            longLink = null;
            var member = prefix + name;
            ArchiveMemberChecks.CheckName(scan, member);
            if (type is '1' or '2')
            {
                ArchiveMemberChecks.ReportLink(scan, member, type == '1' ? "hard" : "symbolic", link);
            }

            var start = stream.CanSeek ? stream.Position : 0;
            var consumed = 0L;
            if (type is '0' or '\0' or '7')
            {
                ScanMember(scan, stream, member, start, size, archiveDepth, LayoutFor(name));
                consumed = stream.CanSeek ? 0 : size;
            }
            else if (size > 0 && type is not ('1' or '2' or '5' or 'g'))
            {
                // GNU sparse files and other exotic members carry data a loader may still read.
                scan.Incomplete(member, $"TAR member type '{type}' is not scanned");
            }

            if (!Skip(stream, start, size, padded, consumed))
            {
                scan.Incomplete(ModelContentScanner.NameOrNull(logicalName), $"the TAR ends inside member `{name}`");
                return;
            }
        }
    }

    private static void ScanMember(FileScan scan, Stream stream, string member, long start, long size, int archiveDepth, PickleStreamLayout layout)
    {
        if (stream.CanSeek)
        {
            ModelContentScanner.Scan(scan, new StreamWindow(stream, start, size), member, archiveDepth, layout);
            stream.Position = start;
            return;
        }

        using var window = new BudgetedReadStream(new NonClosingStream(stream), scan, size);
        ModelContentScanner.Scan(scan, window, member, archiveDepth, layout);
        DrainTo(window, size);
    }

    private static PickleStreamLayout LayoutFor(string name) => name switch
    {
        "storages" => PickleStreamLayout.TorchTarStorages,
        "tensors" => PickleStreamLayout.TorchTarTensors,
        _ => PickleStreamLayout.Plain,
    };

    private static bool Skip(Stream stream, long start, long size, long padded, long consumed)
    {
        if (stream.CanSeek)
        {
            if (start + size > stream.Length)
            {
                return false;
            }

            stream.Position = Math.Min(stream.Length, start + padded);
            return true;
        }

        // Forward-only: a regular member's data was already consumed by ScanMember.
        var remaining = padded - consumed;
        var buffer = new byte[8192];
        while (remaining > 0)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
            if (read == 0)
            {
                return false;
            }

            remaining -= read;
        }

        return true;
    }

    private static void DrainTo(BudgetedReadStream window, long size)
    {
        var buffer = new byte[8192];
        while (window.BytesRead < size && window.Read(buffer, 0, buffer.Length) > 0)
        {
        }
    }

    private static string? ReadMetadata(Stream stream, long size, long padded)
    {
        if (size > MaxMetadata)
        {
            return null;
        }

        var data = new byte[padded];
        return stream.ReadAtLeast(data, (int)padded, throwOnEndOfStream: false) < padded ? null : Encoding.UTF8.GetString(data, 0, (int)size);
    }

    private static string? PaxValue(string records, string key)
    {
        foreach (var record in records.Split('\n'))
        {
            var space = record.IndexOf(' ', StringComparison.Ordinal);
            var equals = record.IndexOf('=', StringComparison.Ordinal);
            if (space > 0 && equals > space && record[(space + 1)..equals] == key)
            {
                return record[(equals + 1)..];
            }
        }

        return null;
    }

    private static string HeaderName(byte[] header)
    {
        var name = Text(header.AsSpan(0, 100));
        var ustarPrefix = header.AsSpan(257, 5).SequenceEqual("ustar"u8) ? Text(header.AsSpan(345, 155)) : "";
        return ustarPrefix.Length > 0 ? ustarPrefix + "/" + name : name;
    }

    private static string Text(ReadOnlySpan<byte> field)
    {
        var end = field.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? field : field[..end]);
    }

    private static long ReadSize(ReadOnlySpan<byte> field)
    {
        if ((field[0] & 0x80) != 0)
        {
            // GNU base-256 for sizes of 8 GiB and more.
            long value = field[0] & 0x7F;
            foreach (var b in field[1..])
            {
                if (value > (long.MaxValue >> 8))
                {
                    return -1;
                }

                value = (value << 8) | b;
            }

            return value;
        }

        var text = Encoding.ASCII.GetString(field).Trim('\0', ' ');
        if (text.Length == 0)
        {
            return 0;
        }

        try
        {
            return Convert.ToInt64(text, 8);
        }
        catch (FormatException)
        {
            return -1;
        }
        catch (ArgumentException)
        {
            return -1;
        }
    }

    private static bool ChecksumMatches(byte[] header)
    {
        var stored = Encoding.ASCII.GetString(header, 148, 8).Trim('\0', ' ');
        if (!long.TryParse(stored, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        long sum = 0;
        for (var i = 0; i < Block; i++)
        {
            sum += i is >= 148 and < 156 ? ' ' : header[i];
        }

        return Convert.ToInt64(stored, 8) == sum;
    }
}
