using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP082: <c>ADD</c> downloads a remote URL without a checksum.</summary>
internal sealed class AddFromUrl : DockerfileRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP082",
        "ADD from a URL without a checksum",
        "`ADD https://…` fetches whatever the URL serves at build time (model weights, binaries, scripts) with no integrity check, so a compromised or changed host poisons the image.",
        "Download with `RUN curl -fsSLo file URL && echo '<sha256>  file' | sha256sum -c -`, or use `ADD --checksum=sha256:<digest> URL`. Equivalents: Checkov CKV_DOCKER_4, Trivy DS-0005.",
        Severity.Medium,
        [Threat.MalwareDistribution, Threat.DataPoisoning],
        ["CWE-494", "OWASP-ML06"],
        Precision.VeryHigh,
        example: "A Dockerfile line `ADD https://example.com/model.bin /models/` without `--checksum`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings)
    {
        foreach (var add in dockerfile.Instructions.Where(i => i.Keyword == "ADD"))
        {
            var words = add.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (!words.Any(w => w.StartsWith("--checksum", StringComparison.Ordinal)) && words.FirstOrDefault(IsUrl) is { } url)
            {
                yield return HitOn(dockerfile, add, url, $"ADD downloads {WithoutCredentials(url)} without a checksum.");
            }
        }
    }

    /// <summary>Drops user:password from a URL, so credentials embedded in it never reach the message.</summary>
    private static string WithoutCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0 ? url.Replace(uri.UserInfo + "@", "***@", StringComparison.Ordinal) : url;

    private static bool IsUrl(string word) =>
        word.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || word.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || word.StartsWith("ftp://", StringComparison.OrdinalIgnoreCase);
}
