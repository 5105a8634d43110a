using System.Globalization;
using System.Text;

namespace MLSecOps.Reporting.Text;

/// <summary>Escapes untrusted text (messages, paths, justifications) for one Markdown table cell.</summary>
public static class MarkdownText
{
    /// <summary>The default longest cell, in characters, before the text is cut.</summary>
    public const int DefaultMaxLength = 300;

    /// <summary>Escapes <paramref name="text"/> so it renders literally inside a GitHub-flavoured Markdown table cell.</summary>
    /// <remarks>Pipes, backticks and emphasis characters are backslash-escaped; <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>
    /// and <c>@</c> become entities so no HTML is injected and nobody is mentioned; line breaks and control characters become spaces;
    /// invisible format characters (zero-width, bidi overrides) become a visible <c>\uXXXX</c>.</remarks>
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The longest text kept, in characters; longer text is cut and ends with an ellipsis.</param>
    /// <returns>The escaped cell content.</returns>
    public static string Cell(string? text, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var source = text.Length > maxLength ? Cut(text, maxLength) + "\u2026" : text;
        var cell = new StringBuilder(source.Length + 16);
        foreach (var c in source)
        {
            switch (c)
            {
                case '\\' or '|' or '`' or '*' or '_' or '[' or ']' or '~' or '#':
                    cell.Append('\\').Append(c);
                    break;
                case '<':
                    cell.Append("&lt;");
                    break;
                case '>':
                    cell.Append("&gt;");
                    break;
                case '&':
                    cell.Append("&amp;");
                    break;
                case '@':
                    cell.Append("&#64;");
                    break;
                case var _ when char.IsControl(c):
                    cell.Append(' ');
                    break;
                case var _ when CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format:
                    // Zero-width and bidi-override characters would hide or reorder what the reviewer reads.
                    cell.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    break;
                default:
                    cell.Append(c);
                    break;
            }
        }

        return cell.ToString();
    }

    private static string Cut(string text, int maxLength)
    {
        // Never split a surrogate pair: a lone half is invalid UTF-8 when written out.
        var end = maxLength;
        if (end > 0 && char.IsHighSurrogate(text[end - 1]))
        {
            end--;
        }

        return text[..end];
    }
}
