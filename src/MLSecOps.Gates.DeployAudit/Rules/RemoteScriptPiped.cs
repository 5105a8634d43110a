using System.Text.RegularExpressions;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP083: a RUN pipes a downloaded script straight into a shell or interpreter.</summary>
internal sealed partial class RemoteScriptPiped : DockerfileRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP083",
        "Downloaded script piped to a shell",
        "`curl … | sh` (or wget, or `bash <(curl …)`) runs whatever the server returns at build time, unverified, as root in the image: one compromised install script or CDN and the model server ships a backdoor.",
        "Download to a file, verify its checksum or signature, then run it: `curl -fsSLo install.sh URL && echo '<sha256>  install.sh' | sha256sum -c - && sh install.sh`. Prefer distribution packages or pinned release artefacts.",
        Severity.High,
        [Threat.MalwareDistribution],
        ["CWE-494", "CWE-829"],
        Precision.High,
        example: "A Dockerfile line `RUN curl -fsSL https://example.com/install.sh | sh`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings)
    {
        foreach (var run in dockerfile.Instructions.Where(i => i.Keyword == "RUN"))
        {
            foreach (var (number, text) in run.Lines)
            {
                if (PipeToShell().IsMatch(text) || ProcessSubstitution().IsMatch(text))
                {
                    yield return HitOn(dockerfile, run, text.Trim(), "RUN pipes a downloaded script into a shell without verifying it.");
                    break;
                }
            }
        }
    }

    [GeneratedRegex(@"\b(curl|wget)\b[^|;&]*\|\s*(sudo\s+)?(-?\w+=\S+\s+)*(sh|bash|zsh|dash|ash|ksh|python3?|perl|ruby|node)\b", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex PipeToShell();

    [GeneratedRegex(@"\b(sh|bash|zsh)\s+(-c\s+)?[""']?(<\(|$\()\s*(curl|wget)\b", RegexOptions.CultureInvariant, PatternTimeouts.PerValue)]
    private static partial Regex ProcessSubstitution();
}
