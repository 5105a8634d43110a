using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES020: a data folder has no data-set card.</summary>
internal sealed class DatasetCardMissing : IDesignRule
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES020",
        "Data set without a data-set card",
        "A folder holds data files but neither it nor a parent folder below the scanned folder has a data-set card, so the data's licence, provenance, collection process and personal-data status are unknown.",
        "Add a `README.md` beside the data in the Hugging Face data-set card format (`mlsecops init` writes a skeleton), or name the card in `gates.design-review.data-cards`.",
        Severity.High,
        [Threat.IntellectualPropertyInfringement, Threat.DataCompromise, Threat.DataPoisoning],
        ["NIST-AI-RMF-MAP-4.1", "NIST-AI-RMF-MEASURE-2.10", "OWASP-LLM04", "AML.M0025"],
        example: "A folder `data/reviews/` with `train.parquet` and no `README.md` data-set card in it or a parent folder.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        return dossier.DataCards.Where(c => c.IsMissing).Select(c => Finding.Create(
            Rule,
            new Location(c.FirstArtifact),
            $"No data-set card for {(c.Covers.Count > 0 ? string.Join(", ", c.Covers) : c.FirstArtifact)}; expected {c.Path}.",
            c.Path,
            c.Path));
    }
}
