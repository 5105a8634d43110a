using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>Finds every pod spec a manifest carries: core workloads, CronJobs and the custom resources ML teams deploy with.</summary>
internal static class WorkloadExtractor
{
    private static readonly string[] s_templateKinds =
        ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "Notebook", "Rollout", "DeploymentConfig"];

    private static readonly string[] s_kserveComponents = ["predictor", "transformer", "explainer"];

    /// <summary>What KServe's shipped ClusterServingRuntimes set on the serving container of a framework predictor (docs/gates/deploy-audit.md).</summary>
    private static readonly string[] s_servingRuntimeSupplies =
        ["image", "resources", "securityContext.allowPrivilegeEscalation", "securityContext.privileged", "securityContext.runAsNonRoot", "securityContext.capabilities"];

    /// <summary>Pod-level keys a KServe ServingRuntime's spec does not have.</summary>
    private static readonly string[] s_servingRuntimePodSupplies = ["automountServiceAccountToken"];

    /// <summary>KubeRay injects liveness and readiness probes into the Ray container (the first) of head and worker pods.</summary>
    private static readonly string[] s_kubeRaySupplies = ["livenessProbe", "readinessProbe"];

    /// <summary>Knative's queue-proxy gives every revision a readiness probe when none is set.</summary>
    private static readonly string[] s_knativeSupplies = ["readinessProbe"];

    /// <summary>The pod-spec keys of a KServe LLMInferenceService (and its Config) that hold pod specs directly.</summary>
    private static readonly string[] s_llmPodKeys = ["template", "worker"];

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
            case "ServingRuntime" or "ClusterServingRuntime" when manifest.ApiVersion.StartsWith("serving.kserve.io/", StringComparison.Ordinal):
                // A runtime's pod spec has no automountServiceAccountToken: the InferenceService that uses it sets that.
                AddPod(sites, manifest, spec, "spec", manifest.Metadata, true, podSupplies: s_servingRuntimePodSupplies);
                AddPod(sites, manifest, spec?.Map("workerSpec"), "spec.workerSpec", manifest.Metadata, true, podSupplies: s_servingRuntimePodSupplies);
                break;
            case "LLMInferenceService" or "LLMInferenceServiceConfig":
                AddLlmInferenceService(sites, manifest, spec);
                break;
            case "Server" or "ServerConfig" when manifest.ApiVersion.StartsWith("mlops.seldon.io/", StringComparison.Ordinal):
                // A Server's podSpec is merged over its ServerConfig's, so it is partial like a patch.
                AddPod(sites, manifest, spec?.Map("podSpec"), "spec.podSpec", manifest.Metadata, true, partial: manifest.Kind == "Server");
                break;
            case "TrainJob" when spec?.Map("trainer") is { } trainer:
                AddTrainJob(sites, manifest, spec, trainer);
                break;
            case "ClusterTrainingRuntime" or "TrainingRuntime":
                foreach (var (i, job) in spec?.Map("template")?.Map("spec")?.Seq("replicatedJobs")?.Maps() ?? [])
                {
                    AddTemplate(sites, manifest, job.Map("template")?.Map("spec")?.Map("template"), $"spec.template.spec.replicatedJobs[{i}].template.spec.template", false);
                }

                break;
            case "Workflow" or "WorkflowTemplate" or "ClusterWorkflowTemplate" when manifest.ApiVersion.StartsWith("argoproj.io/", StringComparison.Ordinal):
                AddArgo(sites, manifest, spec, "spec");
                break;
            case "CronWorkflow" when manifest.ApiVersion.StartsWith("argoproj.io/", StringComparison.Ordinal):
                AddArgo(sites, manifest, spec?.Map("workflowSpec"), "spec.workflowSpec");
                break;
            case "Service" when manifest.ApiVersion.StartsWith("serving.knative.dev/", StringComparison.Ordinal):
                AddTemplate(sites, manifest, spec?.Map("template"), "spec.template", true, s_knativeSupplies);
                break;
            case var kind when kind.EndsWith("Job", StringComparison.Ordinal) && manifest.ApiVersion.StartsWith("kubeflow.org/", StringComparison.Ordinal):
                AddReplicaSpecs(sites, manifest, spec);
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

    private static void AddTemplate(List<PodSpecSite> sites, Manifest manifest, YMap? template, string path, bool longRunning, string[]? firstSupplies = null) =>
        AddPod(sites, manifest, template?.Map("spec"), path + ".spec", template?.Map("metadata"), longRunning, firstSupplies);

    private static void AddPod(List<PodSpecSite> sites, Manifest manifest, YMap? spec, string path, YMap? metadata, bool longRunning, string[]? firstSupplies = null, bool partial = false,
        string[]? podSupplies = null)
    {
        if (spec is null)
        {
            return;
        }

        var site = new PodSpecSite(manifest, spec, path, metadata, longRunning) { Partial = partial, Supplied = podSupplies ?? [] };
        var containers = new List<ContainerSite>();
        AddContainers(containers, site, "initContainers", true);
        AddContainers(containers, site, "containers", false, firstSupplies);
        sites.Add(site with { Containers = containers });
    }

    private static void AddContainers(List<ContainerSite> into, PodSpecSite site, string key, bool init, string[]? firstSupplies = null)
    {
        foreach (var (i, map) in site.Spec.Seq(key)?.Maps() ?? [])
        {
            into.Add(new ContainerSite(site, map, $"{site.KeyPath}.{key}[{i}]", init) { Supplied = i == 0 && firstSupplies is not null ? firstSupplies : [] });
        }
    }

    private static void AddLlmInferenceService(List<PodSpecSite> sites, Manifest manifest, YMap? spec)
    {
        // A Config is a partial template merged into the services that name it; a service inherits what its Config sets.
        foreach (var (component, prefix) in new[] { (spec, "spec"), (spec?.Map("prefill"), "spec.prefill"), (spec?.Map("router")?.Map("scheduler"), "spec.router.scheduler") })
        {
            foreach (var key in s_llmPodKeys)
            {
                AddPod(sites, manifest, component?.Map(key), $"{prefix}.{key}", manifest.Metadata, true, partial: true);
            }
        }
    }

    private static void AddTrainJob(List<PodSpecSite> sites, Manifest manifest, YMap spec, YMap trainer)
    {
        // The trainer block overrides the image, command and env of the runtime's trainer container; the runtime supplies the rest.
        var site = new PodSpecSite(manifest, spec, "spec", manifest.Metadata, false) { Partial = true };
        sites.Add(site with { Containers = [new ContainerSite(site, trainer, "spec.trainer", false) { Label = "trainer" }] });
    }

    private static void AddReplicaSpecs(List<PodSpecSite> sites, Manifest manifest, YMap? spec)
    {
        // PyTorchJob, TFJob, MPIJob, XGBoostJob, PaddleJob, JAXJob: spec.<kind>ReplicaSpecs.<role>.template.
        foreach (var (key, value) in spec?.Entries ?? [])
        {
            if (key.Value.EndsWith("ReplicaSpecs", StringComparison.Ordinal) && value is YMap roles)
            {
                foreach (var (role, body) in roles.Entries)
                {
                    if (body is YMap replica)
                    {
                        AddTemplate(sites, manifest, replica.Map("template"), $"spec.{key.Value}.{role.Value}.template", false);
                    }
                }
            }
        }
    }

    private static void AddArgo(List<PodSpecSite> sites, Manifest manifest, YMap? spec, string path)
    {
        if (spec is null)
        {
            return;
        }

        // Workflow-level pod settings (securityContext, volumes, automountServiceAccountToken) apply to every step pod.
        var site = new PodSpecSite(manifest, spec, path, spec.Map("podMetadata"), false);
        var containers = new List<ContainerSite>();
        foreach (var (i, template) in spec.Seq("templates")?.Maps() ?? [])
        {
            var name = template.Text("name") ?? $"templates[{i}]";
            var at = $"{path}.templates[{i}]";
            foreach (var key in new[] { "container", "script" })
            {
                if (template.Map(key) is { } container)
                {
                    containers.Add(new ContainerSite(site, container, $"{at}.{key}", false) { Label = name });
                }
            }

            foreach (var key in new[] { "initContainers", "sidecars" })
            {
                foreach (var (j, container) in template.Seq(key)?.Maps() ?? [])
                {
                    containers.Add(new ContainerSite(site, container, $"{at}.{key}[{j}]", key == "initContainers"));
                }
            }

            foreach (var (j, container) in template.Map("containerSet")?.Seq("containers")?.Maps() ?? [])
            {
                containers.Add(new ContainerSite(site, container, $"{at}.containerSet.containers[{j}]", false));
            }
        }

        sites.Add(site with { Containers = containers });
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
                    // "model" names its runtime; the framework keys select KServe's ClusterServingRuntime for that framework.
                    containers.Add(new ContainerSite(site, model, $"{path}.{framework}", false)
                    {
                        Label = $"kserve-container ({framework})",
                        Supplied = model.Text("runtime") is null ? s_servingRuntimeSupplies : [],
                    });
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
        AddTemplate(sites, manifest, cluster?.Map("headGroupSpec")?.Map("template"), path + ".headGroupSpec.template", true, s_kubeRaySupplies);
        foreach (var (i, group) in cluster?.Seq("workerGroupSpecs")?.Maps() ?? [])
        {
            AddTemplate(sites, manifest, group.Map("template"), $"{path}.workerGroupSpecs[{i}].template", true, s_kubeRaySupplies);
        }
    }
}
