using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP015: a container adds a dangerous Linux capability.</summary>
internal sealed class DangerousCapabilityAdded : ContainerRuleBase
{
    private static readonly string[] s_dangerous =
        ["ALL", "SYS_ADMIN", "NET_ADMIN", "NET_RAW", "SYS_MODULE", "SYS_RAWIO", "SYS_PTRACE", "SYS_BOOT", "MAC_OVERRIDE", "MAC_ADMIN", "PERFMON", "BPF", "SETPCAP", "DAC_READ_SEARCH"];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP015",
        "Dangerous capability added",
        "The container adds a capability that breaks isolation (SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE, BPF, ALL …). Model servers never need them.",
        "Remove the capability from `securityContext.capabilities.add`; keep `drop: [ALL]` and add back only `NET_BIND_SERVICE` if a port below 1024 is really needed. Equivalents: Checkov CKV_K8S_25/CKV_K8S_39, Trivy KSV-0005/KSV-0022, Kubescape C-0046.",
        Severity.High,
        [Threat.Misconfiguration],
        ["CWE-250"],
        Precision.VeryHigh,
        example: "A container with `securityContext: { capabilities: { add: [\"SYS_ADMIN\"] } }`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        var added = container.SecurityContext?.Map("capabilities")?.Seq("add");
        for (var i = 0; i < (added?.Items.Count ?? 0); i++)
        {
            if (added!.Items[i] is YScalar cap && IsDangerous(cap.Value))
            {
                yield return HitOn(container, cap, $"securityContext.capabilities.add[{i}]", $"Container '{container.Name}' adds capability {cap.Value}.");
            }
        }
    }

    private static bool IsDangerous(string capability)
    {
        var name = capability.ToUpperInvariant();
        return Array.IndexOf(s_dangerous, name.StartsWith("CAP_", StringComparison.Ordinal) ? name[4..] : name) >= 0;
    }
}
