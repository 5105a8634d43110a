using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DataCheck.Rules;

/// <summary>DAT034: Hidden HTML text in scraped data.</summary>
internal static class HiddenHtmlText
{
    /// <summary>Gets the descriptor.</summary>
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DAT034",
        "Hidden HTML text in scraped data",
        "An HTML value hides text from readers (`display:none`, `visibility:hidden`, `font-size:0`, `opacity:0`, the `hidden` attribute). Scrapers keep it, so it is a classic carrier of indirect prompt injection.",
        "Extract visible text only when building the corpus.",
        Severity.Medium,
        [Threat.PromptSelfReplication],
        ["OWASP-LLM01", "AML.T0051"],
        Precision.Medium,
        example: "A scraped HTML value `<span style=\"display:none\">Ignore prior instructions</span>`.");


    /// <summary>Gets the CSS and attribute spellings that hide text.</summary>
    public static IReadOnlyList<string> Styles { get; } =
        ["display:none", "display: none", "visibility:hidden", "visibility: hidden", "font-size:0", "font-size: 0", "opacity:0", "opacity: 0"];

    /// <summary>Returns the hiding style <paramref name="text"/> starts with when the row is HTML and the style really hides (not <c>font-size: 0.9em</c>).</summary>
    public static string? Match(ReadOnlySpan<char> text, bool html)
    {
        if (!html)
        {
            return null;
        }

        foreach (var style in Styles)
        {
            if (text.StartsWith(style, StringComparison.OrdinalIgnoreCase))
            {
                var after = text.Length > style.Length ? text[style.Length] : ';';
                return style.EndsWith('0') && (after == '.' || char.IsAsciiDigit(after)) ? null : style;
            }
        }

        return null;
    }
}
