using System.Globalization;
using System.Text;

namespace MLSecOps.Gates.ModelScan.SourceReferences;

/// <summary>The value of a Python string literal token, for the constants the rules compare (model ids, revisions, keys).</summary>
internal static class PythonStringLiteral
{
    /// <summary>Returns the value of a plain or raw string literal; <see langword="null"/> for f-strings, t-strings and bytes, whose value is not a constant string.</summary>
    public static string? Value(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var quote = token.IndexOfAny(['"', '\'']);
        if (quote < 0)
        {
            return null;
        }

        var prefix = token[..quote].ToLowerInvariant();
        if (prefix.Contains('f', StringComparison.Ordinal) || prefix.Contains('t', StringComparison.Ordinal) || prefix.Contains('b', StringComparison.Ordinal))
        {
            return null;
        }

        var q = token[quote];
        var triple = token.Length >= quote + 6 && token[quote + 1] == q && token[quote + 2] == q;
        var open = quote + (triple ? 3 : 1);
        var close = token.Length - (triple ? 3 : 1);
        if (close < open || token[^1] != q)
        {
            return null;
        }

        var body = token.AsSpan(open, close - open);
        return prefix.Contains('r', StringComparison.Ordinal) ? body.ToString() : Unescape(body);
    }

    private static string Unescape(ReadOnlySpan<char> body)
    {
        if (body.IndexOf('\\') < 0)
        {
            return body.ToString();
        }

        var text = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] != '\\' || i + 1 >= body.Length)
            {
                text.Append(body[i]);
                continue;
            }

            var next = body[++i];
            switch (next)
            {
                case '\n':
                    break;
                case '\r':
                    if (i + 1 < body.Length && body[i + 1] == '\n')
                    {
                        i++;
                    }

                    break;
                case 'n': text.Append('\n'); break;
                case 't': text.Append('\t'); break;
                case 'r': text.Append('\r'); break;
                case '0': text.Append('\0'); break;
                case '\\' or '\'' or '"': text.Append(next); break;
                case 'x' when i + 2 < body.Length && int.TryParse(body.Slice(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var x):
                    text.Append((char)x);
                    i += 2;
                    break;
                case 'u' when i + 4 < body.Length && int.TryParse(body.Slice(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var u):
                    text.Append((char)u);
                    i += 4;
                    break;
                default:
                    // Unknown escapes keep their backslash, as Python does.
                    text.Append('\\').Append(next);
                    break;
            }
        }

        return text.ToString();
    }
}
