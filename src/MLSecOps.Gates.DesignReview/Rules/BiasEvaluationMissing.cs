using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Cards;
using MLSecOps.Gates.DesignReview.Rules.Bases;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES013: the model card has no "Bias, Risks, and Limitations" section with a bias evaluation.</summary>
internal sealed class BiasEvaluationMissing : CardRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES013",
        "Model card reports no bias evaluation",
        "A model bias attack (skewed training data or feedback that shifts outcomes for a group) is only visible to a team that measures bias; the card's \"Bias, Risks, and Limitations\" section must report what was measured, on which groups, with numbers.",
        "Add a `## Bias, Risks, and Limitations` section stating the evaluation: the metric (for example false-positive rate gap, demographic parity difference), the groups and the measured values.",
        Severity.Medium,
        [Threat.ModelBiasAttack],
        ["OWASP-ML08", "NIST-AI-RMF-MEASURE-2.11"],
        example: "A model card whose `## Bias, Risks, and Limitations` says only \"The model may be biased.\" with no metric, groups or numbers.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override bool ModelCards => true;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(CardDocument card)
    {
        var section = card.Section("Bias, Risks, and Limitations") ?? card.Section("Bias");
        if (section is null)
        {
            yield return At(card, 1, "The model card has no 'Bias, Risks, and Limitations' section.", "bias");
        }
        else if (!CardText.ReportsEvaluation(section.Body))
        {
            yield return At(card, section.Line, $"The '{section.Title}' section reports no bias evaluation (a metric, the groups and measured values).", "bias");
        }
    }
}
