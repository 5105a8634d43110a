using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MLSecOps.Reporting.Text;

/// <summary>Makes untrusted text safe to print as one plain log line that CI runners also scan for commands.</summary>
public static partial class PlainText
{
    /// <summary>Returns <paramref name="text"/> on one line, with pipeline command openers defused.</summary>
    /// <remarks>Line breaks become a visible <c>\n</c> so nothing can start a new line; the Azure agent looks for
    /// <c>##vso[</c> and <c>##[</c> anywhere in a line, so both are broken with a space; other control characters become
    /// spaces and invisible format characters (zero-width, bidi overrides) a visible <c>\uXXXX</c>.</remarks>
    /// <param name="text">The text.</param>
    /// <returns>The safe single-line text.</returns>
    public static string SingleLine(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        // Printable ASCII without "##" is already safe: most paths and messages, and this runs for every line printed.
        if (!text.AsSpan().ContainsAnyExceptInRange(' ', '~') && !text.Contains("##", StringComparison.Ordinal))
        {
            return text;
        }

        var line = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\r':
                    line.Append("\\r");
                    break;
                case '\n':
                    line.Append("\\n");
                    break;
                case var _ when char.IsControl(c):
                    line.Append(' ');
                    break;
                case var _ when CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format:
                    // Invisible characters (zero-width, bidi overrides) could hide a command opener from this
                    // check while a culture-aware search still finds it, or reorder what the reader sees.
                    line.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
                    break;
                default:
                    line.Append(c);
                    break;
            }
        }

        return CommandOpener().Replace(line.ToString(), "## ");
    }

    [GeneratedRegex(@"##(?=(vso)?\[)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CommandOpener();
}
