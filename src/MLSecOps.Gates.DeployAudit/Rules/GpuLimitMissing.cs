using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP033: a GPU workload does not limit the GPUs it takes.</summary>
internal sealed class GpuLimitMissing : PodSpecRuleBase
{
    private static readonly string[] s_gpuResources = ["nvidia.com/gpu", "amd.com/gpu", "gpu.intel.com/i915", "gpu.intel.com/xe"];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP033",
        "GPU workload without a GPU limit",
        "The pod targets GPU nodes (GPU request, nodeSelector, toleration, runtimeClass or NVIDIA_VISIBLE_DEVICES) but no container limits `nvidia.com/gpu`. It may grab every GPU on the node (NVIDIA_VISIBLE_DEVICES=all) or none, starving other models: denial of service and cost blow-up. No generic scanner checks this.",
        "Set `resources.limits: {nvidia.com/gpu: 1}` (or amd.com/gpu) on the serving container; extended resources must be set in limits, requests default to them.",
        Severity.High,
        [Threat.ModelDenialOfService],
        ["CWE-770", "OWASP-LLM10", "AML.T0029", "AML.T0034"],
        Precision.High,
        example: "A pod with `nodeSelector: { nvidia.com/gpu.present: \"true\" }` (or a `nvidia.com/gpu` request) but no container that limits `nvidia.com/gpu`.");

    /// <inheritdoc />
    public override RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    protected override IEnumerable<Hit> Check(PodSpecSite pod, DeployAuditSettings settings)
    {
        var serving = pod.Containers.Where(c => !c.IsInit).ToList();
        if (serving.Count == 0 || serving.Any(c => HasGpu(c.Container.Map("resources")?.Map("limits"))))
        {
            yield break;
        }

        var requesting = serving.FirstOrDefault(c => HasGpu(c.Container.Map("resources")?.Map("requests")));
        if (requesting is not null)
        {
            yield return Hit.On(Rule, pod.Manifest, requesting.Container.KeyNode("resources")!, requesting.KeyPath + ".resources.limits",
                $"Container '{requesting.Name}' requests a GPU but sets no GPU limit.") with { Absent = true };
        }
        else if (TargetsGpu(pod))
        {
            var first = serving[0];
            yield return Hit.On(Rule, pod.Manifest, first.Container.KeyNode("name") ?? (YNode)first.Container, first.KeyPath + ".resources.limits",
                $"{pod.Manifest.Id} targets GPU nodes but no container limits nvidia.com/gpu.") with { Absent = true };
        }
    }

    private static bool HasGpu(YMap? resources) => resources is not null && s_gpuResources.Any(r => resources[r] is not null);

    private static bool TargetsGpu(PodSpecSite pod)
    {
        if (pod.Spec.Text("runtimeClassName")?.Contains("nvidia", StringComparison.OrdinalIgnoreCase) == true)
        {
            return true;
        }

        var selectors = pod.Spec.Map("nodeSelector")?.Entries.Select(e => e.Key.Value + "=" + (e.Value as YScalar)?.Value) ?? [];
        var tolerations = pod.Spec.Seq("tolerations")?.Maps().Select(t => t.Map.Text("key") ?? "") ?? [];
        var env = pod.Containers.SelectMany(c => c.Container.Seq("env")?.Maps().Select(e => e.Map.Text("name") ?? "") ?? []);
        return selectors.Concat(tolerations).Any(IsGpuWord) || env.Contains("NVIDIA_VISIBLE_DEVICES");
    }

    private static bool IsGpuWord(string text) =>
        text.Contains("nvidia", StringComparison.OrdinalIgnoreCase) || text.Contains("gpu", StringComparison.OrdinalIgnoreCase);
}
