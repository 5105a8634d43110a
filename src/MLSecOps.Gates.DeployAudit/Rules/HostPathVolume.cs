using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP018: a pod mounts a directory of the node (hostPath); high for sensitive system paths.</summary>
internal sealed class HostPathVolume : PodSpecRuleBase
{
    private static readonly string[] s_sensitive = ["/", "/etc", "/proc", "/sys", "/root", "/boot", "/dev", "/usr", "/lib", "/var/lib/kubelet", "/var/run", "/run", "/home"];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP018",
        "hostPath volume",
        "A `hostPath` volume exposes a node directory to the pod. Model caches on hostPath are shared across tenants and can be poisoned; system paths (/, /etc, /proc, /var/lib/kubelet) give node takeover.",
        "Use a PersistentVolumeClaim, an `emptyDir` or a CSI volume for model weights and caches. If a node path is unavoidable, mount it `readOnly: true`. Equivalents: Trivy KSV-0023, kube-linter sensitive-host-mounts, Kubescape C-0048.",
        Severity.Medium,
        [Threat.Misconfiguration, Threat.InformationManipulation],
        ["CWE-668"],
        Precision.High,
        example: "A pod volume `{ name: cache, hostPath: { path: /data/hf-cache } }` (high for `path: /etc` or `/`).");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(PodSpecSite pod, DeployAuditSettings settings)
    {
        foreach (var (i, volume) in pod.Spec.Seq("volumes")?.Maps() ?? [])
        {
            if (volume.Map("hostPath")?.Scalar("path") is not { } path || ContainerRuntimeSocket.IsSocket(path.Value))
            {
                continue;
            }

            var sensitive = Array.IndexOf(s_sensitive, path.Value.TrimEnd('/') is "" ? "/" : path.Value.TrimEnd('/')) >= 0;
            yield return HitOn(pod, path, $"volumes[{i}].hostPath.path", $"{pod.Manifest.Id} mounts host path {path.Value}.")
                with { Severity = sensitive ? Severity.High : null };
        }
    }
}
