using System.Buffers;
using MLSecOps.Gates.DataCheck.Rules;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>Finds injected prompts (DAT030-DAT034): override and self-replication phrases, Markdown exfiltration, hidden Unicode and hidden HTML text.</summary>
/// <param name="isHtml">Whether the file is HTML, where hidden-text styles are looked for.</param>
internal sealed class InjectionDetector(bool isHtml) : IRowDetector
{
    private static readonly SearchValues<string> s_phrases = SearchValues.Create(
        (string[])[.. InstructionOverride.Phrases, .. PromptSelfReplication.Phrases, "](http", "](//", .. HiddenHtmlText.Styles],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> s_escapedHidden = SearchValues.Create((string[])[.. HiddenUnicode.JsonEscapes], StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Scan(DataRow row, HitCollector hits)
    {
        var text = row.Text;
        ScanPhrases(row, hits, text);
        HiddenUnicode.Scan(row, hits);
        if (row.Layout == FieldLayout.JsonKeys && text.IndexOfAny(s_escapedHidden) >= 0)
        {
            HiddenUnicode.ScanJsonEscapes(row, hits);
        }
    }

    private void ScanPhrases(DataRow row, HitCollector hits, ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var next = text[i..].IndexOfAny(s_phrases);
            if (next < 0)
            {
                return;
            }

            var p = i + next;
            var rest = text[p..];
            if (rest.StartsWith("](", StringComparison.Ordinal))
            {
                i = MarkdownExfiltration.Check(row, hits, p);
            }
            else if (InstructionOverride.Match(rest) is { } phrase)
            {
                hits.Report(InstructionOverride.Descriptor, InstructionOverride.Descriptor.DefaultSeverity, "instruction override", row, p, $"\"{phrase}\"");
                i = p + phrase.Length;
            }
            else if (PromptSelfReplication.Match(rest) is { } replication)
            {
                hits.Report(PromptSelfReplication.Descriptor, PromptSelfReplication.Descriptor.DefaultSeverity, "self-replication instruction", row, p, $"\"{replication}\"");
                i = p + replication.Length;
            }
            else if (HiddenHtmlText.Match(rest, isHtml || text.Contains('<')) is { } style)
            {
                hits.Report(HiddenHtmlText.Descriptor, HiddenHtmlText.Descriptor.DefaultSeverity, "hidden HTML text", row, p, style);
                i = p + style.Length;
            }
            else
            {
                i = p + 1;
            }
        }
    }
}
