using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP022: the pod mounts a Kubernetes API token it probably does not need.</summary>
internal sealed class ServiceAccountTokenMounted : PodSpecRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP022",
        "Service account token automounted",
        "Unless `automountServiceAccountToken: false`, every container gets a Kubernetes API token. A compromised model server can use it against the API server (list secrets, create pods) with whatever RBAC the account has.",
        "Set `automountServiceAccountToken: false` on the pod spec (or the ServiceAccount) unless the server calls the Kubernetes API. Equivalents: Checkov CKV_K8S_38, Trivy KSV-0036, Kubescape C-0034.",
        Severity.Low,
        [Threat.Misconfiguration],
        ["CWE-522"],
        Precision.High,
        example: "A Deployment pod spec that does not set `automountServiceAccountToken: false`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(PodSpecSite pod, DeployAuditSettings settings)
    {
        var flag = pod.Spec.Scalar("automountServiceAccountToken");
        if (flag is { IsFalse: true })
        {
            yield break;
        }

        yield return flag is null
            ? HitOnMissing(pod, "automountServiceAccountToken", $"{pod.Manifest.Id} does not set automountServiceAccountToken: false.")
            : HitOn(pod, flag, "automountServiceAccountToken", $"{pod.Manifest.Id} mounts a service account token.");
    }
}
