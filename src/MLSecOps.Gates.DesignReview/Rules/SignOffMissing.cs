using MLSecOps.Core.Reviews;
using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES030: a pull request changes models, data, serving configs or the threat model without an approver's approval on its head commit.</summary>
internal sealed class SignOffMissing : IDesignRule
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES030",
        "No security sign-off on the pull request's head commit",
        "The pull request changes models, data sets, serving configurations or the threat model, and no configured approver approved its current head commit: an approval of an older commit (stale) or a dismissed review does not count.",
        "Ask one of `gates.design-review.approvers` to review and approve the latest commit (GitHub: approving review; Azure DevOps: approve vote as a required reviewer), then re-run the check.",
        Severity.High,
        [Threat.ModelTheft, Threat.UnintendedSystemInteraction],
        ["NIST-AI-RMF-GOVERN-2.1", "NIST-AI-RMF-MANAGE-1.1"],
        example: "A pull request that changes `models/model.safetensors` whose only approval by `@org/ml-security` is on an older commit.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (dossier.Review is not { SkippedReason: null, Error: null } review || dossier.SignOffChanges.Count == 0
            || SignOff.Decide(review.Verdicts) != SignOffStatus.Missing)
        {
            yield break;
        }

        var stale = review.Verdicts.Where(v => v.IsApprover && v.State == ReviewState.Approved && !v.OnHeadCommit).Select(v => v.Reviewer).ToList();
        var dismissed = review.Verdicts.Where(v => v.IsApprover && v.State == ReviewState.Dismissed).Select(v => v.Reviewer).ToList();
        var detail = (stale.Count > 0 ? $" Approval by {string.Join(", ", stale)} is on an older commit." : "")
            + (dismissed.Count > 0 ? $" Review by {string.Join(", ", dismissed)} was dismissed." : "");
        yield return Finding.Create(
            Rule,
            new Location(dossier.SignOffChanges[0]),
            $"{review.Change} changes {dossier.SignOffChanges.Count} model, data, serving or threat-model file(s) and has no approval by an approver on head commit {Short(review.HeadCommit)}.{detail}",
            "sign-off",
            string.Join(", ", dossier.SignOffChanges.Take(5)));
    }

    private static string Short(string? sha) => sha is { Length: > 12 } ? sha[..12] : sha ?? "(unknown)";
}
