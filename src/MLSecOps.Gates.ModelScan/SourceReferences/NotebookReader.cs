using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>
/// Reads the code cells of a Jupyter notebook (nbformat 4, and the <c>worksheets</c> of nbformat 3) from its JSON, bounded
/// by the caller's size cap and a depth cap, keeping for every character of a cell where it sits in the file, so findings
/// point at the notebook's own line and column. Outputs are skipped unread; notebooks of another kernel language yield no cells.
/// </summary>
internal static class NotebookReader
{
    private const int MaxDepth = 64;

    // Cell magics whose body is still Python; any other (%%bash, %%writefile, %%html...) holds something else.
    private static readonly string[] PythonCellMagics = ["time", "timeit", "capture", "prun", "debug", "memit", "mprun", "px", "cache"];

    /// <summary>Reads the code cells of the notebook in <paramref name="utf8"/>.</summary>
    /// <returns>The cells as units, or the reason the JSON could not be read.</returns>
    public static (IReadOnlyList<SourceUnit> Cells, string? Error) Read(ReadOnlyMemory<byte> utf8)
    {
        var lines = LineStarts(utf8.Span);
        var cells = new List<RawCell>();
        string? language = null;
        try
        {
            var reader = new Utf8JsonReader(utf8.Span, new JsonReaderOptions { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Skip });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ([], "the notebook is not a JSON object");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "cells" && reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadCells(ref reader, cells, "source");
                }
                else if (name == "worksheets" && reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadWorksheets(ref reader, cells);
                }
                else if (name == "metadata" && reader.TokenType == JsonTokenType.StartObject)
                {
                    language = ReadLanguage(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return ([], $"the notebook JSON is malformed: {ex.Message}");
        }

        if (language is not null && !language.StartsWith("python", StringComparison.OrdinalIgnoreCase) && language != "ipython")
        {
            return ([], null);
        }

        var units = new List<SourceUnit>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i].Type == "code" && ToUnit(cells[i], i + 1, utf8, lines) is { } unit)
            {
                units.Add(unit);
            }
        }

        return (units, null);
    }

    private static void ReadWorksheets(ref Utf8JsonReader reader, List<RawCell> cells)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "cells" && reader.TokenType == JsonTokenType.StartArray)
                {
                    ReadCells(ref reader, cells, "input");
                }
                else
                {
                    reader.Skip();
                }
            }
        }
    }

    private static void ReadCells(ref Utf8JsonReader reader, List<RawCell> cells, string sourceKey)
    {
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                continue;
            }

            var cell = new RawCell();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "cell_type" && reader.TokenType == JsonTokenType.String)
                {
                    cell.Type = reader.GetString();
                }
                else if (name == sourceKey && reader.TokenType == JsonTokenType.String)
                {
                    cell.Pieces.Add(Piece(ref reader));
                }
                else if (name == sourceKey && reader.TokenType == JsonTokenType.StartArray)
                {
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            cell.Pieces.Add(Piece(ref reader));
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Skip();
                }
            }

            cells.Add(cell);
        }
    }

    private static string? ReadLanguage(ref Utf8JsonReader reader)
    {
        string? language = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (name is "kernelspec" or "language_info" && reader.TokenType == JsonTokenType.StartObject)
            {
                var key = name == "kernelspec" ? "language" : "name";
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var inner = reader.GetString();
                    reader.Read();
                    if (inner == key && reader.TokenType == JsonTokenType.String)
                    {
                        language ??= reader.GetString();
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return language;
    }

    // A JSON string of the cell's source: where its content starts in the file, and its raw (still escaped) bytes.
    private static RawPiece Piece(ref Utf8JsonReader reader) => new((int)reader.TokenStartIndex + 1, reader.ValueSpan.ToArray());

    private static SourceUnit? ToUnit(RawCell cell, int number, ReadOnlyMemory<byte> file, int[] lines)
    {
        // Decode every piece, remembering for each character the file byte it came from.
        var code = new StringBuilder();
        var origin = new List<int>();
        foreach (var piece in cell.Pieces)
        {
            Decode(piece, code, origin);
        }

        var text = Magics(code.ToString());
        if (text is null || text.Length == 0)
        {
            return null;
        }

        var codeLines = LineStarts(text);
        return new SourceUnit(text, $"cell {number.ToString(CultureInfo.InvariantCulture)}", (line, column) =>
        {
            var index = Math.Clamp(codeLines[Math.Clamp(line - 1, 0, codeLines.Length - 1)] + column - 1, 0, Math.Max(0, origin.Count - 1));
            return origin.Count == 0 ? (1, 1) : FilePosition(file.Span, lines, origin[index]);
        });
    }

    // IPython syntax is not Python: shell (!cmd), line magics (%cmd) and help (?obj) lines become blank (keeping every
    // offset), and a cell magic other than timing or capture makes the whole cell something else than Python.
    private static string? Magics(string code)
    {
        var chars = code.ToCharArray();
        var start = 0;
        var first = true;
        var continued = false;
        while (start < chars.Length)
        {
            var end = Array.IndexOf(chars, '\n', start);
            end = end < 0 ? chars.Length : end;
            var content = start;
            while (content < end && chars[content] is ' ' or '\t')
            {
                content++;
            }

            if (continued || (content < end && chars[content] is '!' or '%' or '?'))
            {
                if (first && !continued && content + 1 < end && chars[content] == '%' && chars[content + 1] == '%')
                {
                    var magic = new string(chars, content + 2, end - content - 2).Split(' ', 2)[0].Trim();
                    if (!PythonCellMagics.Contains(magic, StringComparer.Ordinal))
                    {
                        return null;
                    }
                }

                // A shell line ending in a backslash goes on in the next line, which is shell too.
                var last = end - 1;
                last -= last > start && chars[last] == '\r' ? 1 : 0;
                continued = last >= start && chars[last] == '\\';
                Array.Fill(chars, ' ', start, end - start);
            }
            else
            {
                continued = false;
            }

            if (content < end)
            {
                first = false;
            }

            start = end + 1;
        }

        return new string(chars);
    }

    private static void Decode(RawPiece piece, StringBuilder code, List<int> origin)
    {
        var raw = piece.Raw;
        Span<char> chars = stackalloc char[2];
        var i = 0;
        while (i < raw.Length)
        {
            var at = piece.Start + i;
            if (raw[i] == (byte)'\\' && i + 1 < raw.Length)
            {
                var escape = raw[i + 1];
                if (escape == (byte)'u' && i + 5 < raw.Length && int.TryParse(Encoding.ASCII.GetString(raw, i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var unit))
                {
                    code.Append((char)unit);
                    origin.Add(at);
                    i += 6;
                    continue;
                }

                code.Append(escape switch { (byte)'n' => '\n', (byte)'t' => '\t', (byte)'r' => '\r', (byte)'b' => '\b', (byte)'f' => '\f', _ => (char)escape });
                origin.Add(at);
                i += 2;
                continue;
            }

            if (Rune.DecodeFromUtf8(raw.AsSpan(i), out var rune, out var size) != System.Buffers.OperationStatus.Done)
            {
                rune = Rune.ReplacementChar;
                size = Math.Max(1, size);
            }

            var written = rune.EncodeToUtf16(chars);
            for (var c = 0; c < written; c++)
            {
                code.Append(chars[c]);
                origin.Add(at);
            }

            i += size;
        }
    }

    private static (int Line, int Column) FilePosition(ReadOnlySpan<byte> file, int[] lines, int offset)
    {
        var line = Array.BinarySearch(lines, offset);
        line = line >= 0 ? line : ~line - 1;
        var start = lines[Math.Max(0, line)];
        var column = Encoding.UTF8.GetCharCount(file.Slice(start, Math.Max(0, offset - start))) + 1;
        return (line + 1, column);
    }

    private static int[] LineStarts(ReadOnlySpan<byte> utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private static int[] LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }

    private sealed class RawCell
    {
        public string? Type { get; set; }

        public List<RawPiece> Pieces { get; } = [];
    }

    private sealed record RawPiece(int Start, byte[] Raw);
}
