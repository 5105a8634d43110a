using System.Buffers;
using MLSecOps.Gates.DataCheck.Rules;
using MLSecOps.Gates.DataCheck.Scanning;

namespace MLSecOps.Gates.DataCheck.Detection;

/// <summary>Finds injected prompts (DAT030-DAT034): override and self-replication phrases, Markdown exfiltration, hidden Unicode and hidden HTML text.</summary>
/// <param name="isHtml">Whether the file is HTML, where hidden-text styles are looked for.</param>
internal sealed class InjectionDetector(bool isHtml) : ICandidateDetector
{
    // Declared before the search that uses it: static fields are initialised in order.
    private static readonly string[] s_preferredAnchors =
    [
        "ructions", "s message", "sregard", "ompt", "uidelines", "ything", "loper mode", "now dan", "future responses", "sponse, include", "text in every",
        "text to every", "isplay", "ibility", "nt-size", "acity",
    ];

    // Each phrase is found by a part whose first letters are rare in prose: `ructions`, not `ign` or `for`, which stop at every other word;
    // `s message`, not `ssage`, which stops at the `messages` key of every chat record.
    private static readonly AnchoredSearch s_phrases = new(
        [.. InstructionOverride.Phrases.Concat(PromptSelfReplication.Phrases).Select(p => (p, (string?)AnchorOf(p))),
            ("](http", "](h"), ("](//", "](/"), .. HiddenHtmlText.Styles.Select(s => (s, (string?)AnchorOf(s)))],
        StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> s_escapedHidden = SearchValues.Create((string[])[.. HiddenUnicode.JsonEscapes], StringComparison.OrdinalIgnoreCase);

    // The next phrase at or after the last `from`, kept between calls over one text (see SecretDetector).
    private LookAhead _phrase;

    /// <inheritdoc />
    public int NextCandidate(ReadOnlySpan<char> text, int from)
    {
        var rest = text[from..];
        var phrase = _phrase.Next(s_phrases, text, from);
        var hidden = HiddenUnicode.IndexOfHidden(phrase < 0 ? rest : text[from..phrase]);
        var before = phrase < 0 && hidden < 0 ? rest : text[from..(hidden >= 0 ? from + hidden : phrase)];
        var escaped = before.Contains('\\') ? before.IndexOfAny(s_escapedHidden) : -1;
        return escaped >= 0 ? from + escaped : hidden >= 0 ? from + hidden : phrase;
    }

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
            var p = s_phrases.Next(text, i);
            if (p < 0)
            {
                return;
            }

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

    private static string AnchorOf(string phrase) =>
        s_preferredAnchors.FirstOrDefault(a => phrase.Contains(a, StringComparison.OrdinalIgnoreCase))
        ?? throw new InvalidOperationException($"no anchor for the phrase '{phrase}'");
}
