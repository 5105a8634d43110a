using MLSecOps.Gates.DataCheck.Scanning;
using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT033: Hidden Unicode characters in text.</summary>
internal static class HiddenUnicode
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT033",
        "Hidden Unicode characters in text",
        "A value holds Unicode tag characters (U+E0000-U+E007F, \"ASCII smuggling\"), zero-width characters or bidirectional controls. People cannot see them but a tokenizer does, so they carry hidden instructions or triggers. They are shown escaped, never raw.",
        "Normalise the text (strip tags, zero-width and bidi controls) in the ingestion pipeline, and look at the source of the record.",
        Severity.Medium,
        [Threat.PromptSelfReplication, Threat.DataPoisoning],
        ["OWASP-LLM01", "AML.T0051"],
        Precision.High,
        example: "A text field with invisible Unicode tag characters (U+E0041…) or a right-to-left override U+202E inside a sentence.");


    private static readonly System.Buffers.SearchValues<char> s_hidden = System.Buffers.SearchValues.Create(
        "\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\uFEFF\u180E\uDB40");

    /// <summary>Gets the JSON escapes of hidden characters (<c>\u200b</c> ...), which JSON files may carry instead of the raw characters.</summary>
    public static IReadOnlyList<string> JsonEscapes { get; } =
        ["\\u200b", "\\u200c", "\\u200d", "\\u200e", "\\u200f", "\\u202a", "\\u202b", "\\u202c", "\\u202d", "\\u202e", "\\u2060", "\\u2066", "\\u2067", "\\u2068", "\\u2069", "\\udb40"];

    /// <summary>Returns the index of the first hidden character (or tag-character lead surrogate) in <paramref name="text"/>, or -1.</summary>
    public static int IndexOfHidden(ReadOnlySpan<char> text)
    {
        // Every hidden character is outside ASCII: skip the ASCII stretch with the fast range search before the slower set search.
        var first = text.IndexOfAnyExceptInRange('\0', '\u007F');
        if (first < 0)
        {
            return -1;
        }

        var hidden = text[first..].IndexOfAny(s_hidden);
        return hidden < 0 ? -1 : first + hidden;
    }

    /// <summary>Reports runs of hidden characters in the row, escaped.</summary>
    public static void Scan(DataRow row, HitCollector hits)
    {
        var text = row.Text;

        // Every hidden character is outside ASCII, and most rows are ASCII: one vectorised check rules them out.
        if (System.Text.Ascii.IsValid(text))
        {
            return;
        }

        var i = 0;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(s_hidden);
            if (next < 0)
            {
                return;
            }

            var p = i + next;
            var end = p;
            while (end < text.Length && (s_hidden.Contains(text[end]) || (char.IsLowSurrogate(text[end]) && end > p && text[end - 1] == '\uDB40')))
            {
                end++;
            }

            if (!IsBenign(text, p, end))
            {
                var run = text[p..end];
                var kind = run.Contains('\uDB40') ? "Unicode tag characters" : run.IndexOfAny("\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069") >= 0 ? "bidirectional controls" : "zero-width characters";
                hits.Report(Descriptor, kind == "Unicode tag characters" ? Severity.High : Descriptor.DefaultSeverity, kind, row, p, Escape(run));
            }

            i = Math.Max(end, p + 1);
        }
    }

    /// <summary>Reports JSON escapes of hidden characters (<c>\u200b</c>, <c>\udb40\udc41</c>).</summary>
    public static void ScanJsonEscapes(DataRow row, HitCollector hits)
    {
        var text = row.Text;
        foreach (var escape in JsonEscapes)
        {
            var at = text.IndexOf(escape, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                var kind = escape == "\\udb40" ? "Unicode tag characters" : escape.StartsWith("\\u202", StringComparison.Ordinal) || escape.StartsWith("\\u206", StringComparison.Ordinal) ? "bidirectional controls" : "zero-width characters";
                var severity = kind == "Unicode tag characters" ? Severity.High : Descriptor.DefaultSeverity;
                hits.Report(Descriptor, severity, kind, row, at, escape.ToUpperInvariant().Replace("\\U", "\\u", StringComparison.Ordinal));
            }
        }
    }

    /// <summary>Escapes a run of hidden characters (<c>\u200B</c>); tag characters are also decoded to the ASCII they smuggle.</summary>
    public static string Escape(ReadOnlySpan<char> run)
    {
        var escaped = new System.Text.StringBuilder();
        var smuggled = new System.Text.StringBuilder();
        for (var k = 0; k < run.Length && escaped.Length < 120; k++)
        {
            if (char.IsHighSurrogate(run[k]) && k + 1 < run.Length && char.IsLowSurrogate(run[k + 1]))
            {
                var scalar = char.ConvertToUtf32(run[k], run[k + 1]);
                escaped.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\U{scalar:X8}");
                if (scalar is >= 0xE0020 and <= 0xE007E)
                {
                    smuggled.Append((char)(scalar - 0xE0000));
                }

                k++;
            }
            else
            {
                escaped.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)run[k]:X4}");
            }
        }

        return smuggled.Length > 0 ? $"{escaped} (hidden text: \"{FindingText.Cap(smuggled.ToString(), 60)}\")" : escaped.ToString();
    }

    private static bool IsBenign(ReadOnlySpan<char> text, int start, int end)
    {
        // A byte-order mark at the start, a zero-width joiner inside an emoji sequence, or joiners and marks between non-Latin letters are ordinary text.
        if (end - start == 1)
        {
            var c = text[start];
            var before = start > 0 ? text[start - 1] : ' ';
            var after = end < text.Length ? text[end] : ' ';
            if (c == '\uFEFF' && start == 0)
            {
                return true;
            }

            if (c is '\u200C' or '\u200D' or '\u200E' or '\u200F' && (before > 0x7F || after > 0x7F))
            {
                return true;
            }
        }

        return false;
    }
}
