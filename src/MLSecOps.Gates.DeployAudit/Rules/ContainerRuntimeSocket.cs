using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Compose;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP019: the container runtime socket (docker.sock, containerd, CRI-O) is mounted into a pod or compose service.</summary>
internal sealed class ContainerRuntimeSocket : IManifestRule, IComposeRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP019",
        "Container runtime socket mounted",
        "Mounting `docker.sock`, `containerd.sock` or `crio.sock` gives full control of the node's container runtime: start a privileged container, read every other container's files and secrets. It is root on the host.",
        "Remove the mount. Build images with rootless BuildKit, Kaniko or a remote builder instead of the host daemon. Equivalents: Checkov CKV_K8S_27, kube-linter docker-sock, Trivy KSV-0006.",
        Severity.Critical,
        [Threat.Misconfiguration, Threat.UnintendedSystemInteraction],
        ["CWE-250", "CWE-668"],
        Precision.VeryHigh,
        example: "A pod volume `hostPath: { path: /var/run/docker.sock }`, or compose `volumes: [\"/var/run/docker.sock:/var/run/docker.sock\"]`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <summary>Returns whether <paramref name="path"/> is a container runtime socket.</summary>
    public static bool IsSocket(string path) =>
        path.EndsWith("docker.sock", StringComparison.Ordinal) || path.EndsWith("containerd.sock", StringComparison.Ordinal)
        || path.EndsWith("crio.sock", StringComparison.Ordinal) || path.TrimEnd('/') is "/var/run/docker" or "/run/containerd" or "/var/run/containerd";

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ManifestView view, DeployAuditSettings settings)
    {
        foreach (var pod in view.Pods)
        {
            foreach (var (i, volume) in pod.Spec.Seq("volumes")?.Maps() ?? [])
            {
                if (volume.Map("hostPath")?.Scalar("path") is { } path && IsSocket(path.Value))
                {
                    yield return Hit.On(Rule, pod.Manifest, path, $"{pod.KeyPath}.volumes[{i}].hostPath.path", $"{pod.Manifest.Id} mounts the container runtime socket {path.Value}.");
                }
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ComposeService service, DeployAuditSettings settings)
    {
        var volumes = service.Body.Seq("volumes");
        for (var i = 0; i < (volumes?.Items.Count ?? 0); i++)
        {
            var source = volumes!.Items[i] switch
            {
                YScalar s => s.Value.Split(':')[0],
                YMap m => m.Text("source") ?? "",
                _ => "",
            };
            if (IsSocket(source))
            {
                yield return new Hit(Rule, service.Path, volumes.Items[i].Span, service.Subject, $"volumes[{i}]", $"Service '{service.Name}' mounts the container runtime socket {source}.");
            }
        }
    }
}
