using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP017: a pod shares the node's network, PID or IPC namespace.</summary>
internal sealed class HostNamespaceShared : PodSpecRuleBase
{
    private static readonly string[] s_keys = ["hostNetwork", "hostPID", "hostIPC"];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP017",
        "Pod shares a host namespace",
        "`hostNetwork`, `hostPID` or `hostIPC` put the pod in the node's namespaces: it can bind the node's interfaces (exposing the model server on the node IP), see and signal every process, or read shared memory of other workloads.",
        "Remove `hostNetwork`, `hostPID` and `hostIPC` (or set them to false). Multi-node inference (NCCL) works over the pod network; use a Service for discovery. Equivalents: Checkov CKV_K8S_17/18/19, kube-linter host-network/host-pid/host-ipc, Trivy KSV-0008/0009/0010, Kubescape C-0038/C-0041.",
        Severity.High,
        [Threat.Misconfiguration, Threat.UnintendedSystemInteraction],
        ["CWE-653"],
        Precision.VeryHigh,
        example: "A pod spec with `hostNetwork: true` (or `hostPID: true`, `hostIPC: true`).");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(PodSpecSite pod, DeployAuditSettings settings)
    {
        foreach (var key in s_keys)
        {
            if (pod.Spec.Scalar(key) is { IsTrue: true } flag)
            {
                yield return HitOn(pod, flag, key, $"{pod.Manifest.Id} sets {key}: true.");
            }
        }
    }
}
