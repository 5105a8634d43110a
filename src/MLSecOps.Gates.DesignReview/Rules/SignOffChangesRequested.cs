using MLSecOps.Core.Reviews;
using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES031: an approver asks for changes on a pull request that needs a sign-off.</summary>
internal sealed class SignOffChangesRequested : IDesignRule
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES031",
        "Security reviewer asks for changes",
        "An approver's latest review requests changes (GitHub) or rejects / waits for the author (Azure DevOps); this blocks even when another approver approved.",
        "Address the reviewer's comments and ask them to approve the new head commit.",
        Severity.High,
        [Threat.ModelTheft, Threat.UnintendedSystemInteraction],
        ["NIST-AI-RMF-GOVERN-2.1", "NIST-AI-RMF-MANAGE-1.1"],
        example: "A pull request changing `docs/threat-model.yml` whose latest review by an approver is `CHANGES_REQUESTED`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (dossier.Review is not { SkippedReason: null, Error: null } review || dossier.SignOffChanges.Count == 0
            || SignOff.Decide(review.Verdicts) != SignOffStatus.ChangesRequested)
        {
            yield break;
        }

        var who = review.Verdicts.Where(v => v.IsApprover && v.State == ReviewState.ChangesRequested).Select(v => v.Reviewer);
        yield return Finding.Create(
            Rule,
            new Location(dossier.SignOffChanges[0]),
            $"{review.Change}: {string.Join(", ", who)} asked for changes.",
            "changes-requested",
            string.Join(", ", who));
    }
}
