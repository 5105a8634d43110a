using MLSecOps.Core.Rules;
using MLSecOps.Gates.DesignReview.Rules.Bases;
using MLSecOps.Gates.DesignReview.ThreatModel;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES005: a mitigation claims to be verified by a rule that the policy switches off or waives.</summary>
internal sealed class VerificationRuleDisabled : ThreatModelRuleBase
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES005",
        "Mitigation verified by a disabled or waived rule",
        "A mitigation marked `verified` names a rule of this tool in `verified-by`, but `.mlsecops.yml` disables that rule or waives it, so nothing verifies the mitigation any more.",
        "Re-enable the rule (remove `enabled: false`, let the waiver expire), or set the mitigation's status back to `implemented` and name what verifies it instead.",
        Severity.High,
        [Threat.InformationManipulation, Threat.Misconfiguration],
        ["NIST-AI-RMF-MEASURE-2.7", "NIST-AI-RMF-MANAGE-1.3"],
        example: "A mitigation `{ status: verified, verified-by: [MOD001] }` while `.mlsecops.yml` sets `rules: { MOD001: { enabled: false } }`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Finding> Evaluate(ThreatModelDocument model, DesignDossier dossier)
    {
        var today = DateOnly.FromDateTime(dossier.Context.TimeProvider.GetUtcNow().UtcDateTime);
        foreach (var threat in model.Threats)
        {
            foreach (var (mitigation, index) in threat.Mitigations.Select((m, i) => (m, i)).Where(m => m.m.Status == "verified"))
            {
                for (var i = 0; i < mitigation.VerifiedBy.Count; i++)
                {
                    var id = mitigation.VerifiedBy[i];
                    var pointer = $"{mitigation.Pointer}/verified-by/{i}";
                    if (dossier.Context.RuleOverrides.TryGetValue(id, out var over) && !over.Enabled)
                    {
                        yield return At(model, pointer, $"Mitigation {index + 1} of '{threat.Key}' is verified by {id}, which the policy disables (rules.{id}.enabled: false).", id);
                    }
                    else if (dossier.Context.Waivers.FirstOrDefault(w => w.Rule == id && w.IsActiveOn(today)) is { } waiver)
                    {
                        yield return At(model, pointer, $"Mitigation {index + 1} of '{threat.Key}' is verified by {id}, which a waiver (policy line {waiver.Line}, until {waiver.Expires:yyyy-MM-dd}) waives.", id);
                    }
                }
            }
        }
    }
}
