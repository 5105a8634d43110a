using MLSecOps.Core.Rules;
using MLSecOps.Core.Standards;
using MLSecOps.Gates.DesignReview.Rules.Bases;
using MLSecOps.Gates.DesignReview.ThreatModel;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES008: the threat model names a MITRE ATLAS id that ATLAS does not have.</summary>
internal sealed class UnknownAtlasTechnique : ThreatModelRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES008",
        "Unknown MITRE ATLAS id in the threat model",
        "An `atlas:` id is not a technique, tactic or mitigation of the MITRE ATLAS data this tool ships (v5.x), so the threat is mapped to nothing (often a typo, or an old `ML` era id).",
        "Use an id from https://atlas.mitre.org/techniques (for example AML.T0024.002 Extract AI Model); `mlsecops rules` prints the ATLAS ids of every threat.",
        Severity.Medium,
        [Threat.IntegrationIssues],
        ["MITRE-ATLAS"],
        example: "A threat-model entry `atlas: [AML.T9999]`, or the retired id `ML.T0010`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(ThreatModelDocument model, DesignDossier dossier)
    {
        foreach (var threat in model.Threats)
        {
            foreach (var (id, pointer) in threat.Atlas)
            {
                if (AtlasCatalog.Embedded.NameOf(id) is null)
                {
                    var expected = ThreatReferences.ForKey(threat.Key) is { } refs ? $" (for '{threat.Key}' ATLAS has {string.Join(", ", refs.Atlas)})" : "";
                    yield return At(model, pointer, $"'{id}' is not a MITRE ATLAS id{expected}.", id);
                }
            }
        }
    }
}
