using System.Text;

namespace MLSecOps.Gates.DataCheck.Readers;

/// <summary>Decides a file's format from its first bytes, never from its name.</summary>
internal static class DataSniffer
{
    /// <summary>How many leading bytes the sniffer looks at.</summary>
    public const int HeadLength = 64 * 1024;

    /// <summary>Returns the format of content starting with <paramref name="head"/>, and the separator for delimited text.</summary>
    public static (DataFormat Format, char Separator) Sniff(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.StartsWith("PAR1"u8))
        {
            return (DataFormat.Parquet, '\0');
        }

        if (head.StartsWith("ARROW1"u8))
        {
            return (DataFormat.ArrowFile, '\0');
        }

        if (head is [0xFF, 0xFF, 0xFF, 0xFF, _, _, _, _, ..])
        {
            return (DataFormat.ArrowStream, '\0');
        }

        if (IsMedia(head))
        {
            return (DataFormat.Media, '\0');
        }

        var bom = head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var body = head[bom..];
        if (body.Contains((byte)0))
        {
            return (DataFormat.Binary, '\0');
        }

        // Cut at the last newline so a multi-byte character split by the head does not look like binary.
        var cut = complete ? body : body[..Math.Max(0, body.LastIndexOf((byte)'\n') + 1)];
        var text = Encoding.UTF8.GetString(cut.Length == 0 ? body : cut);
        var trimmed = text.AsSpan().TrimStart();
        if ((trimmed.StartsWith('[') || trimmed.StartsWith('{')) && IsJson(body, complete))
        {
            return (IsJsonLines(trimmed) ? DataFormat.JsonLines : DataFormat.JsonDocument, '\0');
        }

        if (trimmed.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || trimmed.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || text.Contains("<body", StringComparison.OrdinalIgnoreCase))
        {
            return (DataFormat.Html, '\0');
        }

        var separator = DelimiterOf(text);
        return separator != '\0' ? (DataFormat.Delimited, separator) : (DataFormat.Text, '\0');
    }

    // The head parses as JSON up to where it was cut, or for a few tokens before it breaks (a damaged document is still JSON, to
    // be reported as such); a Markdown line starting `[![badge]` breaks at its second token.
    private static bool IsJson(ReadOnlySpan<byte> head, bool complete)
    {
        const int DamagedAfterTokens = 4;
        var tokens = 0;
        var reader = new System.Text.Json.Utf8JsonReader(head, complete, new System.Text.Json.JsonReaderState(new System.Text.Json.JsonReaderOptions
        {
            CommentHandling = System.Text.Json.JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            AllowMultipleValues = true,
            MaxDepth = 1000,
        }));
        try
        {
            while (reader.Read())
            {
                tokens++;
            }

            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return tokens >= DamagedAfterTokens;
        }
    }

    private static bool IsJsonLines(ReadOnlySpan<char> text)
    {
        var newline = text.IndexOf('\n');
        if (newline < 0)
        {
            return false;
        }

        var first = text[..newline].TrimEnd();
        var second = text[(newline + 1)..].TrimStart();
        // One object on one line is a JSON document as much as a JSON Lines file: the tree reader reads it (and a one-line {"data": [...]}) whole.
        return first.Length > 1 && first[0] == '{' && first[^1] == '}' && !second.IsEmpty && second[0] == '{';
    }

    private static char DelimiterOf(string text)
    {
        var lines = text.Split('\n', 12).Where(l => l.Trim().Length > 0).Take(10).ToArray();
        if (lines.Length < 2)
        {
            return '\0';
        }

        foreach (var candidate in ",\t|;")
        {
            var counts = lines.Select(l => CountOutsideQuotes(l, candidate)).ToArray();
            var header = counts[0];
            if (header > 0 && counts.Skip(1).Count(c => c == header) >= Math.Max(1, (counts.Length - 1) / 2))
            {
                return candidate;
            }
        }

        return '\0';
    }

    private static int CountOutsideQuotes(string line, char separator)
    {
        var count = 0;
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == separator && !quoted)
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsMedia(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])
        || head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])
        || head.StartsWith("GIF8"u8)
        || (head.StartsWith("RIFF"u8) && head.Length >= 12 && (head[8..12].SequenceEqual("WAVE"u8) || head[8..12].SequenceEqual("WEBP"u8)))
        || head.StartsWith("fLaC"u8)
        || head.StartsWith("ID3"u8)
        || head.StartsWith("OggS"u8)
        || (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8));
}
