using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES010: a model folder has no model card.</summary>
internal sealed class ModelCardMissing : IDesignRule
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES010",
        "Model without a model card",
        "A folder holds model files but neither it nor a parent folder below the scanned folder has a model card (`README.md` or `MODEL_CARD.md` with Hugging Face front matter), so its licence, training data, intended use and bias evaluation are undocumented.",
        "Add a `README.md` beside the model in the Hugging Face model-card format (`mlsecops init` writes a skeleton), or name the card in `gates.design-review.model-cards`.",
        Severity.High,
        [Threat.IntellectualPropertyInfringement, Threat.ModelBiasAttack],
        ["NIST-AI-RMF-MAP-1.1", "NIST-AI-RMF-GOVERN-1.6", "OWASP-LLM03"],
        example: "A folder `models/sentiment/` holding `model.safetensors` with no `README.md` or `MODEL_CARD.md` in it or a parent folder.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return dossier.ModelCards.Where(c => c.IsMissing).Select(c => Finding.Create(
            Rule,
            new Location(c.FirstArtifact),
            $"No model card for {(c.Covers.Count > 0 ? string.Join(", ", c.Covers) : c.FirstArtifact)}; expected {c.Path}.",
            c.Path,
            c.Path));
    }
}
