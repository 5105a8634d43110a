using System.Globalization;
using System.Text;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;

namespace MLSecOps.AzureDevOps;

/// <summary>The Markdown of the pull request threads: one per blocking finding, and the summary of the rest.</summary>
/// <remarks>Text from scanned content (messages, paths) is escaped so it cannot add links, images or HTML to the comment;
/// messages are the findings' own, in which the gates already masked secrets and personal data.</remarks>
public static class PullRequestThreadContent
{
    /// <summary>Returns the comment of a blocking finding: rule, severity, message and the rule's fix.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns>Markdown.</returns>
    public static string ForFinding(EvaluatedFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var rule = finding.Finding.Rule;
        return new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"**MLSecOps Gates · {finding.Finding.Gate}** · `{rule.Id}` {Escape(rule.Title)} ({finding.Finding.Severity.ToName()}, blocking)")
            .Append("\n\n").Append(Escape(finding.Finding.Message))
            .Append("\n\n**Fix:** ").Append(rule.HelpMarkdown)
            .Append(CultureInfo.InvariantCulture, $"\n\n[{rule.Id} documentation]({rule.HelpUri.AbsoluteUri})")
            .ToString();
    }

    /// <summary>Returns the summary of the blocking findings that got no thread of their own.</summary>
    /// <param name="rest">The findings beyond the cap, most severe first.</param>
    /// <param name="maxThreads">The cap.</param>
    /// <param name="maxLines">How many findings to list by name.</param>
    /// <returns>Markdown.</returns>
    public static string ForRest(IReadOnlyList<EvaluatedFinding> rest, int maxThreads, int maxLines)
    {
        ArgumentNullException.ThrowIfNull(rest);
        var text = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"**MLSecOps Gates**: {rest.Count} more blocking findings than the {maxThreads} threads one run opens. ")
            .Append("All of them are in the build's Scans tab and the MLSecOps summary.\n\n| rule | severity | location | message |\n|---|---|---|---|\n");
        foreach (var finding in rest.Take(maxLines))
        {
            var f = finding.Finding;
            text.Append(CultureInfo.InvariantCulture, $"| `{f.Rule.Id}` | {f.Severity.ToName()} | {Escape(f.Location.Path)}:{f.Location.StartLine} | {Escape(f.Message)} |\n");
        }

        if (rest.Count > maxLines)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n…and {rest.Count - maxLines} more.\n");
        }

        return text.ToString();
    }

    /// <summary>Escapes Markdown and HTML so that text shows literally.</summary>
    /// <param name="text">Untrusted text.</param>
    /// <returns>The escaped text, on one line.</returns>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '<':
                    escaped.Append("&lt;");
                    break;
                case '>':
                    escaped.Append("&gt;");
                    break;
                case '&':
                    escaped.Append("&amp;");
                    break;
                case '\r' or '\n':
                    escaped.Append(' ');
                    break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '(' or ')' or '#' or '|' or '!' or '~':
                    escaped.Append('\\').Append(c);
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        return escaped.ToString();
    }
}
