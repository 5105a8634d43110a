using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Rules.Bases;
using MLSecOps.Gates.DesignReview.ThreatModel;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES007: the threat model was last committed before the models or data it covers changed.</summary>
internal sealed class ThreatModelOutdated : ThreatModelRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES007",
        "Threat model older than the models or data it covers",
        "In the git history, the models or data sets (the assets' `paths`, else every model and data folder) changed after the threat model's last commit, so the threat model may describe a system that no longer exists.",
        "Review the threat model against the change and commit it (even a `reviewed:` note), so its history shows it was looked at after the models and data changed.",
        Severity.Medium,
        [Threat.DataPoisoning, Threat.InformationManipulation],
        ["NIST-AI-RMF-GOVERN-1.5", "NIST-AI-RMF-MANAGE-4.1"],
        Precision.Medium,
        example: "`models/classifier.onnx` committed on 2026-05-02 while `docs/threat-model.yml` was last committed on 2026-01-15.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(ThreatModelDocument model, DesignDossier dossier)
    {
        if (dossier.ThreatModelCommitted is { } modelTime && dossier.ArtifactsCommitted is { } artifactTime && artifactTime > modelTime)
        {
            yield return Finding.Create(
                Rule,
                new Location(model.Path),
                $"The threat model was last committed {modelTime:yyyy-MM-dd HH:mm} UTC, before the models or data it covers ({artifactTime:yyyy-MM-dd HH:mm} UTC).",
                "outdated",
                $"{modelTime:O} < {artifactTime:O}");
        }
    }
}
