using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES001: the repository holds models, data or serving configurations and has no threat model.</summary>
internal sealed class ThreatModelMissing : IDesignRule
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES001",
        "No threat model for an ML system",
        "The repository holds models, data sets or serving configurations but no threat model, so nobody has named the threats of the thirteen-entry AI threat table, who owns them and how they are mitigated.",
        "Run `mlsecops init` to write a skeleton `docs/threat-model.yml` listing all thirteen threats, fill it in, or point `gates.design-review.threat-model` at your threat model.",
        Severity.High,
        [Threat.IntellectualPropertyTheft, Threat.UnintendedSystemInteraction, Threat.ModelTheft, Threat.IntegrationIssues, Threat.DataPoisoning],
        ["NIST-AI-RMF-MAP-1.1", "NIST-AI-RMF-GOVERN-4.2", "OWASP-LLM06"],
        example: "A repository with `models/classifier.safetensors` and `data/train.csv` but no `docs/threat-model.yml`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (dossier.ThreatModelFound || !dossier.Inventory.HoldsMlArtifacts)
        {
            yield break;
        }

        var first = dossier.Inventory.Artifacts[0].File.RelativePath;
        yield return Finding.Create(
            Rule,
            new Location(dossier.ThreatModelPath),
            $"{dossier.ThreatModelPath} is missing, but the repository holds {dossier.Inventory.Artifacts.Count} model, data or serving file(s) (first: {first}).",
            "missing",
            first);
    }
}
