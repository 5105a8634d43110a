using System.Text.RegularExpressions;
using MLSecOps.Core.Rules;

namespace MLSecOps.Reporting.Text;

/// <summary>A rule's help as plain text for a console: the fix in one sentence, and Markdown turned into readable text.</summary>
public static partial class RuleAdvice
{
    private const int MaxFixLength = 200;

    /// <summary>Returns the first sentence of the rule's "how to fix" help, as plain text.</summary>
    /// <param name="rule">The rule.</param>
    /// <returns>The fix, at most about 200 characters.</returns>
    public static string Fix(RuleDescriptor rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var text = Plain(rule.HelpMarkdown);
        var end = SentenceEnd().Match(text);
        var sentence = end.Success ? text[..(end.Index + 1)] : text;
        return sentence.Length <= MaxFixLength ? sentence : sentence[..MaxFixLength].TrimEnd() + "…";
    }

    /// <summary>Returns Markdown as plain single-line text: code spans, emphasis and link targets removed.</summary>
    /// <param name="markdown">The Markdown.</param>
    /// <returns>The text.</returns>
    public static string Plain(string markdown)
    {
        ArgumentNullException.ThrowIfNull(markdown);
        var text = Link().Replace(markdown, "$1").Replace("**", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal);
        return PlainText.SingleLine(Whitespace().Replace(text, " ").Trim());
    }

    // A full stop followed by a space and a capital letter ends a sentence; "e.g. x" and "0.0.0.0" do not.
    [GeneratedRegex(@"[.!?](?=\s+[A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceEnd();

    [GeneratedRegex(@"\[([^\]]*)\]\([^)]*\)", RegexOptions.CultureInvariant)]
    private static partial Regex Link();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
