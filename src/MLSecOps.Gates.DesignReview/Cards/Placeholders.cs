using System.Text.RegularExpressions;

namespace MLSecOps.Gates.DesignReview.Cards;

/// <summary>Recognises text left from a template: TODO, TBD, FIXME, <c>[More Information Needed]</c>, <c>&lt;fill in&gt;</c>.</summary>
internal static partial class Placeholders
{
    /// <summary>Returns the placeholder in a line (comments of YAML and HTML left out), if any.</summary>
    /// <param name="line">One line of text.</param>
    /// <returns>The placeholder found, or <see langword="null"/>.</returns>
    public static string? Find(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var match = Pattern().Match(line);
        return match.Success ? match.Value : null;
    }

    /// <summary>Returns whether a whole value is only a placeholder or blank.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it says nothing.</returns>
    public static bool IsEmptyOrPlaceholder(string? value) =>
        string.IsNullOrWhiteSpace(value) || Find(value) is not null && Pattern().Replace(value, "").Trim(' ', '.', ':', '-', '*', '_', '"', '\'', '/', '(', ')', ',').Length == 0;

    /// <summary>Removes a trailing YAML comment (a <c>#</c> after whitespace) and whole-line comments.</summary>
    /// <param name="line">A YAML line.</param>
    /// <returns>The line without its comment.</returns>
    public static string WithoutYamlComment(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.TrimStart().StartsWith('#'))
        {
            return "";
        }

        var hash = line.IndexOf(" #", StringComparison.Ordinal);
        return hash >= 0 ? line[..hash] : line;
    }

    [GeneratedRegex(@"\bTODO\b|\bTBD\b|\bFIXME\b|\bXXX\b|\[More Information Needed\]|<\s*(fill|your|add|describe)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();
}
