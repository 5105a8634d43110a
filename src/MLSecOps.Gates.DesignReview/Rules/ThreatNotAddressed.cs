using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Rules.Bases;
using MLSecOps.Gates.DesignReview.ThreatModel;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES003: a threat of the threat table is neither mitigated nor reasoned not applicable.</summary>
internal sealed class ThreatNotAddressed : ThreatModelRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES003",
        "Threat neither mitigated nor marked not applicable",
        "Every one of the thirteen threats of the AI threat table needs mitigations (each with an owner and a status) or an explicit `not-applicable` reason; a threat that is missing, empty, or has both is a threat nobody decided about.",
        "Under `threats:` add the threat's key with `mitigations:` (description, owner, status planned/implemented/verified) or `not-applicable: <why it does not apply to this system>`.",
        Severity.High,
        [.. ThreatReferences.All.Select(t => t.Threat)],
        ["NIST-AI-RMF-MAP-5.1", "NIST-AI-RMF-MANAGE-1.3"],
        example: "A threat model whose `threats:` has no `model-theft` entry, or `data-poisoning: { mitigations: [] }` with no `not-applicable` reason.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(ThreatModelDocument model, DesignDossier dossier)
    {
        foreach (var threat in ThreatReferences.All)
        {
            var entry = model.Threats.FirstOrDefault(t => t.Key == threat.Key);
            var name = ThreatCatalog.Name(threat.Threat);
            if (entry is null)
            {
                yield return At(model, "/threats", $"Threat '{threat.Key}' ({name}) is not in the threat model; add mitigations or a not-applicable reason ({threat.Summary}).", threat.Key);
            }
            else if (!entry.IsAddressed)
            {
                yield return At(model, entry.Pointer, $"Threat '{threat.Key}' ({name}) has neither mitigations nor a not-applicable reason ({threat.Summary}).", threat.Key);
            }
            else if (entry.Mitigations.Count > 0 && !string.IsNullOrWhiteSpace(entry.NotApplicable))
            {
                yield return At(model, entry.Pointer, $"Threat '{threat.Key}' ({name}) has mitigations and a not-applicable reason; keep one.", threat.Key);
            }
        }
    }
}
