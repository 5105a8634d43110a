using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>Finds every pod spec a manifest carries: core workloads, CronJobs and the custom resources ML teams deploy with.</summary>
internal static class WorkloadExtractor
{
    private static readonly string[] s_templateKinds =
        ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "Notebook", "Rollout", "DeploymentConfig"];

    private static readonly string[] s_kserveComponents = ["predictor", "transformer", "explainer"];

    private static readonly string[] s_kserveFrameworks =
        ["model", "sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "huggingface", "lightgbm", "paddle", "pmml", "alibi", "art"];

    /// <summary>Returns the pod specs of <paramref name="manifest"/>, in document order.</summary>
    public static IReadOnlyList<PodSpecSite> Extract(Manifest manifest)
    {
        var spec = manifest.Spec;
        var sites = new List<PodSpecSite>();
        switch (manifest.Kind)
        {
            case "Pod":
                AddPod(sites, manifest, spec, "spec", manifest.Metadata, true);
                break;
            case "PodTemplate":
                AddTemplate(sites, manifest, manifest.Root.Map("template"), "template", true);
                break;
            case "CronJob":
                AddTemplate(sites, manifest, spec?.Map("jobTemplate")?.Map("spec")?.Map("template"), "spec.jobTemplate.spec.template", false);
                break;
            case "InferenceService":
                AddKServe(sites, manifest, spec);
                break;
            case "SeldonDeployment":
                AddSeldon(sites, manifest, spec);
                break;
            case "RayCluster":
                AddRay(sites, manifest, spec, "spec");
                break;
            case "RayService":
                AddRay(sites, manifest, spec?.Map("rayClusterConfig"), "spec.rayClusterConfig");
                break;
            case "RayJob":
                AddRay(sites, manifest, spec?.Map("rayClusterSpec"), "spec.rayClusterSpec");
                break;
            default:
                var longRunning = manifest.Kind != "Job";
                if (Array.IndexOf(s_templateKinds, manifest.Kind) >= 0 || spec?.Map("template")?.Map("spec")?.Seq("containers") is not null)
                {
                    AddTemplate(sites, manifest, spec?.Map("template"), "spec.template", longRunning);
                }

                break;
        }

        return sites;
    }

    private static void AddTemplate(List<PodSpecSite> sites, Manifest manifest, YMap? template, string path, bool longRunning) =>
        AddPod(sites, manifest, template?.Map("spec"), path + ".spec", template?.Map("metadata"), longRunning);

    private static void AddPod(List<PodSpecSite> sites, Manifest manifest, YMap? spec, string path, YMap? metadata, bool longRunning)
    {
        if (spec is null)
        {
            return;
        }

        var site = new PodSpecSite(manifest, spec, path, metadata, longRunning);
        var containers = new List<ContainerSite>();
        AddContainers(containers, site, "initContainers", true);
        AddContainers(containers, site, "containers", false);
        sites.Add(site with { Containers = containers });
    }

    private static void AddContainers(List<ContainerSite> into, PodSpecSite site, string key, bool init)
    {
        foreach (var (i, map) in site.Spec.Seq(key)?.Maps() ?? [])
        {
            into.Add(new ContainerSite(site, map, $"{site.KeyPath}.{key}[{i}]", init));
        }
    }

    private static void AddKServe(List<PodSpecSite> sites, Manifest manifest, YMap? spec)
    {
        foreach (var component in s_kserveComponents)
        {
            if (spec?.Map(component) is not { } body)
            {
                continue;
            }

            var path = "spec." + component;
            var site = new PodSpecSite(manifest, body, path, manifest.Metadata, true);
            var containers = new List<ContainerSite>();
            AddContainers(containers, site, "initContainers", true);
            AddContainers(containers, site, "containers", false);
            foreach (var framework in s_kserveFrameworks)
            {
                if (body.Map(framework) is { } model)
                {
                    containers.Add(new ContainerSite(site, model, $"{path}.{framework}", false));
                }
            }

            sites.Add(site with { Containers = containers });
        }
    }

    private static void AddSeldon(List<PodSpecSite> sites, Manifest manifest, YMap? spec)
    {
        foreach (var (p, predictor) in spec?.Seq("predictors")?.Maps() ?? [])
        {
            foreach (var (c, component) in predictor.Seq("componentSpecs")?.Maps() ?? [])
            {
                AddPod(sites, manifest, component.Map("spec"), $"spec.predictors[{p}].componentSpecs[{c}].spec", component.Map("metadata"), true);
            }
        }
    }

    private static void AddRay(List<PodSpecSite> sites, Manifest manifest, YMap? cluster, string path)
    {
        AddTemplate(sites, manifest, cluster?.Map("headGroupSpec")?.Map("template"), path + ".headGroupSpec.template", true);
        foreach (var (i, group) in cluster?.Seq("workerGroupSpecs")?.Maps() ?? [])
        {
            AddTemplate(sites, manifest, group.Map("template"), $"{path}.workerGroupSpecs[{i}].template", true);
        }
    }
}
