using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES016: a model or data-set card cannot be read: too large, not UTF-8, or its YAML front matter is malformed.</summary>
internal sealed class CardUnreadable : IDesignRule
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES016",
        "Card cannot be read",
        "The card is larger than 1 MiB, not UTF-8 text, or its YAML front matter (between the first two `---` lines) does not parse, so none of its metadata can be checked (fail closed).",
        "Fix the front matter at the reported line; the Hugging Face Hub rejects the same card on push.",
        Severity.High,
        [Threat.IntellectualPropertyInfringement],
        ["NIST-AI-RMF-GOVERN-1.6"],
        example: "A model card whose front matter `---` block holds `license: [apache-2.0` (an unclosed bracket), or a 2 MiB `README.md`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        foreach (var card in dossier.ModelCards.Concat(dossier.DataCards))
        {
            if (card.ReadError is { } error)
            {
                yield return Finding.Create(Rule, new Location(card.Path), $"{card.Path} cannot be read: {error}.", "unreadable");
            }
            else if (card.Document?.FrontMatterError is { } yaml)
            {
                yield return Finding.Create(Rule, new Location(card.Path, yaml.Line, yaml.Column), $"The front matter of {card.Path} is malformed: {yaml.Message}.", "front-matter");
            }
        }
    }
}
