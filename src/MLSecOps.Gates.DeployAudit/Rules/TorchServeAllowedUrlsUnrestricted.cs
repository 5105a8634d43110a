using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP055: TorchServe may fetch models from any URL (<c>allowed_urls</c> missing or a wildcard).</summary>
internal sealed class TorchServeAllowedUrlsUnrestricted : ITorchServeConfigRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP055",
        "TorchServe allowed_urls unrestricted",
        "`allowed_urls` limits where the management API may download model archives from. Its default, and patterns like `.*` or `https://.*`, allow any URL: the SSRF half of ShellTorch (CVE-2023-43654) that ends in loading an attacker's model and running its code.",
        "Set `allowed_urls` to your model store only, anchored: `allowed_urls=https://models\\.example\\.com/.*` or `s3://acme-models/.*`.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.UnintendedSystemInteraction],
        ["CWE-918", "CWE-829", "AML.T0010"],
        Precision.High,
        example: "A TorchServe `config.properties` with `allowed_urls=.*`, or with no `allowed_urls` line at all.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(TorchServeConfig config, DeployAuditSettings settings)
    {
        var allowed = config.Entries.Where(e => e.Key == "allowed_urls").ToList();
        if (allowed.Count == 0)
        {
            yield return new Hit(Rule, config.Path, config.Anchor, config.Subject, config.PathOf("allowed_urls"), $"TorchServe config in {config.Subject} has no allowed_urls, so any URL is allowed.")
            {
                Resource = config.Resource,
            };
            yield break;
        }

        foreach (var (key, value, span) in allowed.Where(e => e.Value.Split(',').Any(IsWildcard)))
        {
            yield return new Hit(Rule, config.Path, span, config.Subject, config.PathOf(key), $"TorchServe allowed_urls in {config.Subject} matches any URL ({value}).") { Resource = config.Resource };
        }
    }

    private static bool IsWildcard(string pattern)
    {
        var p = pattern.Trim().TrimStart('^');
        return p is "*" or ".*" or ".+" || p.StartsWith("http://.*", StringComparison.Ordinal) || p.StartsWith("https://.*", StringComparison.Ordinal)
            || p.StartsWith("https?://.*", StringComparison.Ordinal) || p.StartsWith("(http|https)://.*", StringComparison.Ordinal);
    }
}
