using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP035: a serving container has no liveness or readiness probe.</summary>
internal sealed class ProbesMissing : ContainerRuleBase
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP035",
        "Liveness or readiness probe missing",
        "Without a readiness probe traffic reaches a model server that is still loading weights; without a liveness probe a wedged server (GPU hang, deadlocked batcher) keeps its GPU forever.",
        "Add `readinessProbe` and `livenessProbe` on the health endpoint (vLLM/TGI `/health`, Triton `/v2/health/ready`, Ollama `/`), with a `startupProbe` for slow model loads. Equivalents: Checkov CKV_K8S_8/CKV_K8S_9, Kubescape C-0018/C-0056.",
        Severity.Low,
        [Threat.ModelDenialOfService],
        ["CWE-754"],
        Precision.High,
        example: "A Deployment container running `text-generation-launcher` with neither `livenessProbe` nor `readinessProbe`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(ContainerSite container, ServerProcess process, DeployAuditSettings settings)
    {
        if (container.IsInit || !container.Pod.LongRunning || !container.KeyPath.Contains("containers[", StringComparison.Ordinal))
        {
            yield break;
        }

        var missing = new[] { "livenessProbe", "readinessProbe" }.Where(p => container.Container[p] is null).ToList();
        if (missing.Count > 0)
        {
            yield return HitOnContainer(container, missing[0], $"Container '{container.Name}' has no {string.Join(" or ", missing)}.");
        }
    }
}
