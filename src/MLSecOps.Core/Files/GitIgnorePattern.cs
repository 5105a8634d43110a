using System.Text;
using System.Text.RegularExpressions;

namespace MLSecOps.Core.Files;

/// <summary>One line of a <c>.gitignore</c>, compiled to a regular expression over paths relative to the file's folder.</summary>
internal sealed class GitIgnorePattern
{
    private readonly Regex _regex;

    private GitIgnorePattern(Regex regex, bool negated, bool directoryOnly)
    {
        _regex = regex;
        IsNegated = negated;
        IsDirectoryOnly = directoryOnly;
    }

    /// <summary>Gets whether the line re-includes what earlier lines ignored (<c>!pattern</c>).</summary>
    public bool IsNegated { get; }

    /// <summary>Gets whether the line only matches folders (trailing <c>/</c>).</summary>
    public bool IsDirectoryOnly { get; }

    /// <summary>Parses one line; comments and blank lines give <see langword="null"/>.</summary>
    public static GitIgnorePattern? Parse(string line)
    {
        var text = line.TrimEnd('\r').TrimEnd(' ');
        if (text.Length == 0 || text[0] == '#')
        {
            return null;
        }

        var negated = text[0] == '!';
        if (negated || text.StartsWith("\\#", StringComparison.Ordinal) || text.StartsWith("\\!", StringComparison.Ordinal))
        {
            text = text[1..];
        }

        var directoryOnly = text.EndsWith('/');
        text = text.TrimEnd('/');
        if (text.Length == 0)
        {
            return null;
        }

        // A slash anywhere but the end anchors the pattern to the .gitignore's folder; otherwise it matches at any depth.
        var anchored = text.Contains('/', StringComparison.Ordinal);
        text = text.TrimStart('/');
        var body = Translate(text);
        var prefix = anchored ? "^" : "^(?:.*/)?";
        return new GitIgnorePattern(new Regex(prefix + body + "$", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking), negated, directoryOnly);
    }

    /// <summary>Returns whether the pattern matches a path relative to the .gitignore's folder.</summary>
    public bool IsMatch(string relativePath, bool isDirectory) => (!IsDirectoryOnly || isDirectory) && _regex.IsMatch(relativePath);

    private static string Translate(string glob)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                var slashAfter = i + 2 < glob.Length && glob[i + 2] == '/';
                sb.Append(slashAfter ? "(?:.*/)?" : ".*");
                i += slashAfter ? 2 : 1;
            }
            else if (c == '*')
            {
                sb.Append("[^/]*");
            }
            else if (c == '?')
            {
                sb.Append("[^/]");
            }
            else if (c == '[' && glob.IndexOf(']', i + 1) is var close and > 0)
            {
                var set = glob[(i + 1)..close].Replace("\\", "\\\\", StringComparison.Ordinal);
                sb.Append('[').Append(set.StartsWith('!') ? "^" + set[1..] : set).Append(']');
                i = close;
            }
            else if (c == '\\' && i + 1 < glob.Length)
            {
                sb.Append(Regex.Escape(glob[++i].ToString()));
            }
            else
            {
                sb.Append(Regex.Escape(c.ToString()));
            }
        }

        return sb.ToString();
    }
}
