using System.Text.RegularExpressions;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Cards;
using MLSecOps.Gates.DesignReview.Rules.Bases;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES021: the data-set card lacks the licence, provenance, collection process, personal-data statement or consent / legal basis.</summary>
internal sealed partial class DatasetCardIncomplete : CardRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES021",
        "Data-set card lacks licence, provenance, collection, personal-data or consent statement",
        "A data-set card must give the `license` (front matter), where the data comes from (`Source Data` / provenance), how it was collected (`Data Collection and Processing`), whether it holds personal data (`Personal and Sensitive Information`) and on which consent or legal basis it is used.",
        "Add the missing piece with real text; for data without people in it, say so in the personal-data section and state the legal basis as not applicable.",
        Severity.High,
        [Threat.IntellectualPropertyInfringement, Threat.DataCompromise, Threat.DataPoisoning],
        ["NIST-AI-RMF-MEASURE-2.10", "NIST-AI-RMF-GOVERN-6.1", "OWASP-LLM02", "GDPR-Art-6"],
        example: "A data-set card with `license: cc-by-4.0` but no `Source Data` section and no `consent:` or `legal basis:` statement.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override bool ModelCards => false;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(CardDocument card)
    {
        if (card.FrontMatterError is null && FrontMatterText(card, "license") is var license && Placeholders.IsEmptyOrPlaceholder(license))
        {
            var line = license is null ? 1 : card.PositionOf("/license").Line;
            yield return At(card, line, "The data-set card gives no `license` in its front matter.", "license");
        }

        var pieces = new (string Name, string[] Titles)[]
        {
            ("source / provenance", ["Source Data", "Dataset Sources", "Provenance", "Data Sources", "Origin"]),
            ("collection process", ["Data Collection and Processing", "Collection Process", "Data Collection", "Collection"]),
            ("personal-data statement", ["Personal and Sensitive Information", "Personal Data", "Privacy"]),
        };
        foreach (var (name, titles) in pieces)
        {
            var section = titles.Select(t => card.Section(t)).FirstOrDefault(s => s is not null);
            if (section is null || CardText.IsBlank(section.Body))
            {
                yield return At(card, section?.Line ?? 1, $"The data-set card has no {name} ({string.Join(" / ", titles.Take(2).Select(t => $"'{t}'"))}).", name);
            }
        }

        if (!StatesConsent(card))
        {
            yield return At(card, card.Section("Personal and Sensitive Information")?.Line ?? 1, "The data-set card states no consent or legal basis for using the data.", "consent");
        }
    }

    /// <summary>A labelled line (<c>Consent: …</c>, <c>**Legal basis:** …</c>) or a Consent / Legal basis section, with real text.</summary>
    private static bool StatesConsent(CardDocument card) =>
        card.Lines.Any(l => ConsentLine().Match(l) is { Success: true } m && !Placeholders.IsEmptyOrPlaceholder(l[(m.Index + m.Length)..]))
        || card.Sections.Any(s => s.IsOneOf("Consent", "Legal basis", "Lawful basis") && !CardText.IsBlank(s.Body));

    [GeneratedRegex(@"^\s*[-*]?\s*\**\s*(consent|legal basis|lawful basis)[^:]{0,40}:\**", RegexOptions.IgnoreCase)]
    private static partial Regex ConsentLine();
}
