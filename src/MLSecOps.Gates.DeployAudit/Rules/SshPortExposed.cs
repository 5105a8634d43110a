using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP086: the image exposes port 22 (an SSH daemon in a model server image).</summary>
internal sealed class SshPortExposed : DockerfileRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP086",
        "SSH port exposed",
        "`EXPOSE 22` means an SSH server is expected in the image: another remote entry point with its own credentials to leak, bypassing Kubernetes RBAC and audit.",
        "Remove sshd and `EXPOSE 22`; use `kubectl exec` or `docker exec` for debugging. Equivalents: Checkov CKV_DOCKER_1, Trivy DS-0004, kube-linter ssh-port.",
        Severity.Medium,
        [Threat.Misconfiguration],
        ["CWE-284"],
        Precision.VeryHigh,
        example: "A Dockerfile line `EXPOSE 22`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public override IEnumerable<Hit> Evaluate(Dockerfile dockerfile, DeployAuditSettings settings)
    {
        foreach (var expose in dockerfile.Instructions.Where(i => i.Keyword == "EXPOSE"))
        {
            if (expose.Arguments.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Any(p => p.Split('/')[0] == "22"))
            {
                yield return HitOn(dockerfile, expose, "22", "The image exposes port 22 (SSH).");
            }
        }
    }
}
