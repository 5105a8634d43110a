using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Cards;
using MLSecOps.Gates.DesignReview.Rules.Bases;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES011: the model card's front matter lacks <c>license</c>, <c>datasets</c> or <c>base_model</c>.</summary>
internal sealed class ModelCardMetadataMissing : CardRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES011",
        "Model card lacks licence, data sets or base model",
        "The model card's YAML front matter has no `license`, `datasets` or `base_model` (or leaves one empty or a placeholder), so nobody can check the model's licence, the licences of its training data, or what it was fine-tuned from.",
        "Add the keys to the front matter: `license: apache-2.0`, `datasets: [org/dataset]`, `base_model: org/model` (`base_model: none` for a model trained from scratch).",
        Severity.High,
        [Threat.IntellectualPropertyInfringement, Threat.IntellectualPropertyTheft],
        ["OWASP-LLM03", "NIST-AI-RMF-MAP-4.1", "NIST-AI-RMF-GOVERN-6.1"],
        example: "A model card whose front matter is `license: apache-2.0` with no `datasets` and no `base_model` keys.");

    private static readonly string[] s_keys = ["license", "datasets", "base_model"];

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override bool ModelCards => true;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(CardDocument card)
    {
        if (card.FrontMatterError is not null)
        {
            yield break;
        }

        foreach (var key in s_keys)
        {
            var value = FrontMatterText(card, key);
            if (value is null)
            {
                yield return At(card, 1, $"The model card has no `{key}` in its front matter.", key);
            }
            else if (Placeholders.IsEmptyOrPlaceholder(value))
            {
                var (line, column) = card.PositionOf("/" + key);
                yield return At(card, line, $"`{key}` in the model card is empty or a placeholder.", key, column);
            }
        }
    }
}
