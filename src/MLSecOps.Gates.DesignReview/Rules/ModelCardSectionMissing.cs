using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Cards;
using MLSecOps.Gates.DesignReview.Rules.Bases;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES012: the model card has no intended-use, out-of-scope-use or limitations section, or leaves one empty.</summary>
internal sealed class ModelCardSectionMissing : CardRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES012",
        "Model card lacks intended use, out-of-scope use or limitations",
        "A model card must say what the model is for (`Intended Use` / `Direct Use`), what it must not be used for (`Out-of-Scope Use`) and where it fails (`Limitations` or `Bias, Risks, and Limitations`); without them, a model gets wired into actions it was never meant to take.",
        "Add the sections with real text (the Hugging Face model-card template names them); an empty section or `[More Information Needed]` does not count.",
        Severity.Medium,
        [Threat.ModelBiasAttack, Threat.UnintendedSystemInteraction],
        ["NIST-AI-RMF-MAP-1.1", "NIST-AI-RMF-MAP-2.2", "OWASP-LLM09"],
        example: "A model card with a `## Uses` section but no `Out-of-Scope Use` and no `Limitations` section.");

    private static readonly (string Name, string[] Titles)[] s_sections =
    [
        ("intended use", ["Intended Use", "Direct Use", "Uses"]),
        ("out-of-scope use", ["Out-of-Scope Use", "Out of Scope", "Misuse"]),
        ("limitations", ["Limitations", "Bias, Risks, and Limitations", "Caveats"]),
    ];

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override bool ModelCards => true;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(CardDocument card)
    {
        foreach (var (name, titles) in s_sections)
        {
            var section = titles.Select(t => card.Section(t)).FirstOrDefault(s => s is not null);
            if (section is null)
            {
                yield return At(card, 1, $"The model card has no {name} section ({string.Join(" / ", titles.Select(t => $"'{t}'"))}).", name);
            }
            else if (CardText.IsBlank(section.Body))
            {
                yield return At(card, section.Line, $"The '{section.Title}' section of the model card is empty or a placeholder.", name);
            }
        }
    }
}
