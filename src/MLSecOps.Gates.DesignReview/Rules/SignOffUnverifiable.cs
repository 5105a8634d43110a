using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES033: reading the pull request's reviews failed (API error after retries); the gate fails closed.</summary>
internal sealed class SignOffUnverifiable : IDesignRule
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES033",
        "Security sign-off could not be verified",
        "The platform API failed while reading the pull request's reviews, files or team memberships (after retries that honour Retry-After), so the sign-off is unknown; unknown does not pass.",
        "Re-run the job; if it persists, check the token's permissions (GitHub: `pull-requests: read`, and `read:org` for team approvers; Azure DevOps: Code (read) for the build service).",
        Severity.High,
        [Threat.ModelTheft, Threat.UnintendedSystemInteraction],
        ["NIST-AI-RMF-GOVERN-2.1"],
        example: "The GitHub reviews API answers `502 Bad Gateway` on every retry while the sign-off is being checked.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (dossier.Review is { Error: { } error } review)
        {
            yield return Finding.Create(Rule, new Location(dossier.ThreatModelPath), $"Cannot verify the sign-off of {review.Change}: {error}.", "api-error", error);
        }
    }
}
