using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Cards;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES015: a model or data-set card still holds template placeholders.</summary>
internal sealed class CardPlaceholder : IDesignRule
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES015",
        "Placeholder left in a model or data-set card",
        "`[More Information Needed]`, TODO, TBD or a `<fill in>` marker in a card means a piece of the documentation was skipped; HTML comments (the template's guidance) are ignored.",
        "Replace the placeholder with the real information, or delete the section if it truly does not apply and say why in the text.",
        Severity.Medium,
        [Threat.IntellectualPropertyInfringement, Threat.ModelBiasAttack],
        ["NIST-AI-RMF-GOVERN-1.6"],
        example: "A model card line `- **Developed by:** [More Information Needed]`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        foreach (var card in dossier.ModelCards.Concat(dossier.DataCards).Select(c => c.Document).OfType<CardDocument>())
        {
            var text = CardText.WithoutComments(string.Join('\n', card.Lines));
            var lines = KeepLineCount(text, card.Lines.Count);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Placeholders.Find(lines[i]) is { } placeholder)
                {
                    var column = lines[i].IndexOf(placeholder, StringComparison.Ordinal) + 1;
                    yield return Finding.Create(Rule, new Location(card.Path, i + 1, column), $"Placeholder '{placeholder}' left in {card.Path}.", $"line#{lines[i].Trim()}", placeholder);
                }
            }
        }
    }

    // Comments may span lines; removing them must not shift the lines after them.
    private static string[] KeepLineCount(string text, int count)
    {
        var lines = text.Split('\n');
        return lines.Length == count ? lines : [.. lines, .. Enumerable.Repeat("", Math.Max(0, count - lines.Length))];
    }
}
