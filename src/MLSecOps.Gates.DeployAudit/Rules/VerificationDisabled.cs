using System.Text.RegularExpressions;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP084: a build step turns off TLS or package-signature verification.</summary>
internal sealed partial class VerificationDisabled : DockerfileRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP084",
        "TLS or signature verification disabled",
        "Flags such as pip `--trusted-host`, curl `-k`/`--insecure`, wget `--no-check-certificate`, apt `--allow-unauthenticated`/`--force-yes`, apk `--allow-untrusted`, yum/dnf `--nogpgcheck`, or variables like `PYTHONHTTPSVERIFY=0` and `GIT_SSL_NO_VERIFY` let anyone on the network path substitute packages, wheels or model files during the build.",
        "Remove the flag and fix the trust problem instead: install the corporate CA into the image (`update-ca-certificates`, `PIP_CERT`, `REQUESTS_CA_BUNDLE`) and import the repository's signing key. Equivalents: Checkov CKV2_DOCKER_2..15.",
        Severity.High,
        [Threat.MalwareDistribution, Threat.DataPoisoning],
        ["CWE-295", "CWE-347"],
        Precision.High,
        example: "A Dockerfile line `RUN pip install --trusted-host pypi.example.com torch` (or `curl -k`, `apt-get install --allow-unauthenticated`).");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings)
    {
        foreach (var instruction in dockerfile.Instructions.Where(i => i.Keyword is "RUN" or "ENV" or "ARG"))
        {
            foreach (var (number, text) in instruction.Lines)
            {
                var match = Insecure().Match(text);
                if (!match.Success)
                {
                    match = CurlInsecure().Match(text);
                }

                if (match.Success)
                {
                    yield return HitOn(dockerfile, instruction, text.Trim(), $"{instruction.Keyword} disables verification ({match.Value.Trim()}).");
                    break;
                }
            }
        }
    }

    [GeneratedRegex(@"--trusted-host\b|--no-check-certificate\b|--allow-unauthenticated\b|--allow-untrusted\b|--nogpgcheck\b|--force-yes\b|--nosignature\b|--no-verify-ssl\b|\bsslverify\s*=\s*(0|false)\b|PYTHONHTTPSVERIFY\s*=?\s*0|GIT_SSL_NO_VERIFY|NODE_TLS_REJECT_UNAUTHORIZED\s*=?\s*0|PIP_TRUSTED_HOST|strict-ssl\s*=?\s*false|--disable-pip-version-check\s+--trusted-host|http\.sslVerify\s*=?\s*false|--insecure\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, PatternTimeouts.PerValue)]
    private static partial Regex Insecure();

    [GeneratedRegex(@"\bcurl\b[^|;&]*\s-[a-zA-Z]*k[a-zA-Z]*\b", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex CurlInsecure();
}
