using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Compose;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP090: a compose service runs privileged or adds a dangerous capability.</summary>
internal sealed class ComposePrivileged : IComposeRule
{
    private static readonly string[] s_dangerous = ["ALL", "SYS_ADMIN", "NET_ADMIN", "SYS_PTRACE", "SYS_MODULE", "SYS_RAWIO", "BPF", "CAP_SYS_ADMIN"];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP090",
        "Compose service runs privileged",
        "`privileged: true` (or `cap_add` of SYS_ADMIN, NET_ADMIN, ALL …) gives the model server container root-equivalent control of the Docker host.",
        "Remove `privileged` and the capability; for GPUs use `deploy.resources.reservations.devices` with the NVIDIA driver.",
        Severity.High,
        [Threat.Misconfiguration, Threat.UnintendedSystemInteraction],
        ["CWE-250"],
        Precision.VeryHigh,
        example: "A compose service with `privileged: true` (or `cap_add: [SYS_ADMIN]`).");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ComposeService service, DeployAuditSettings settings)
    {
        if (service.Body.Scalar("privileged") is { IsTrue: true } flag)
        {
            yield return new Hit(Rule, service.Path, flag.Span, service.Subject, "privileged", $"Service '{service.Name}' runs privileged.");
        }

        var caps = service.Body.Seq("cap_add");
        for (var i = 0; i < (caps?.Items.Count ?? 0); i++)
        {
            if (caps!.Items[i] is YScalar cap && Array.IndexOf(s_dangerous, cap.Value.ToUpperInvariant()) >= 0)
            {
                yield return new Hit(Rule, service.Path, cap.Span, service.Subject, $"cap_add[{i}]", $"Service '{service.Name}' adds capability {cap.Value}.");
            }
        }
    }
}
