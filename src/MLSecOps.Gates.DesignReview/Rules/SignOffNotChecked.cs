using MLSecOps.Core.Rules;

namespace MLSecOps.Gates.DesignReview.Rules;

/// <summary>DES032: the security sign-off could not be checked here (not a pull request, no token, fork); a notice, never a pass.</summary>
internal sealed class SignOffNotChecked : IDesignRule
{
    /// <summary>The rule's descriptor.</summary>
    public static readonly RuleDescriptor Rule = RuleDescriptorFactory.Create(
        "DES032",
        "Security sign-off not checked (skipped)",
        "Outside a pull-request build, without an API token, or on a fork pull request (read-only token), the reviews cannot be read; the check is skipped with this notice and a neutral result. It is not a pass: branch protection must still require the sign-off.",
        "Run the gate on `pull_request` (GitHub, with `pull-requests: read`) or in the PR validation build (Azure DevOps, with `System.AccessToken` mapped to `SYSTEM_ACCESSTOKEN`).",
        Severity.Info,
        [Threat.ModelTheft, Threat.UnintendedSystemInteraction],
        ["NIST-AI-RMF-GOVERN-2.1"],
        example: "The gate runs on a `push` build (no pull request), or on a fork pull request with a read-only token, in a repository that holds models.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Finding> Evaluate(DesignDossier dossier)
    {
        ArgumentNullException.ThrowIfNull(dossier);
        if (dossier.Review?.SkippedReason is not { } reason || !(dossier.Inventory.HoldsMlArtifacts || dossier.ThreatModelFound))
        {
            yield break;
        }

        yield return Finding.Create(Rule, new Location(dossier.ThreatModelPath), $"Security sign-off skipped: {reason}. This is not a pass.", "skipped", reason);
    }
}
