using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP105: a model server's pods publish metrics but nothing in the scanned manifests has Prometheus scrape them.</summary>
internal sealed class ModelServerNotScraped : IClusterRule
{
    private const ServerKinds MetricsServers = ServerKinds.Vllm | ServerKinds.Tgi | ServerKinds.Triton | ServerKinds.TorchServe;

    /// <summary>The workload kinds whose pods nobody else (an operator) annotates for scraping.</summary>
    private static readonly string[] s_plainWorkloads = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Pod"];

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP105",
        "Model server metrics not scraped",
        "vLLM, TGI, Triton and TorchServe publish Prometheus metrics, but nothing in the scanned manifests collects them from these pods: no `prometheus.io/scrape: \"true\"` on the pod template or on a Service that selects it, and no ServiceMonitor, PodMonitor (Prometheus Operator) or PodMonitoring (Google Managed Prometheus) whose selector matches them. The metrics of the model in production are then not recorded, so floods, cost harvesting and degradation go unnoticed (monitoring stage, governance evidence). The scrape configuration may live in another repository, hence low precision.",
        "Add a PodMonitor or ServiceMonitor selecting the pods (port of `/metrics`: vLLM and TGI the serving port, Triton 8002, TorchServe 8082), or the `prometheus.io/scrape: \"true\"` and `prometheus.io/port` annotations on the pod template if your Prometheus uses annotation discovery.",
        Severity.Low,
        [Threat.ModelDenialOfService, Threat.Misconfiguration],
        ["OWASP-LLM10", "AML.T0029", "AML.T0034", "NIST-AI-RMF-MEASURE-2.4", "NIST-AI-RMF-MANAGE-4.1"],
        Precision.Low,
        example: "A vLLM `Deployment` whose pod template has no `prometheus.io/scrape` annotation while no scanned `PodMonitor` or `ServiceMonitor` selects its labels.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public bool ReadsView(ManifestView view) =>
        (view.Manifest.Kind == "Service" && view.Manifest.ApiVersion == "v1")
        || IsMonitor(view.Manifest)
        || (Array.IndexOf(s_plainWorkloads, view.Manifest.Kind) >= 0 && view.Containers.Any(c => !c.Site.IsInit && ServesMetrics(c.Process)));

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ClusterView cluster, DeployAuditSettings settings)
    {
        var services = cluster.Views.Where(v => v.Manifest.Kind == "Service" && v.Manifest.ApiVersion == "v1").Select(v => v.Manifest).ToList();
        var monitors = cluster.Views.Select(v => v.Manifest).Where(IsMonitor).ToList();
        foreach (var view in cluster.Views.Where(v => Array.IndexOf(s_plainWorkloads, v.Manifest.Kind) >= 0))
        {
            foreach (var pod in view.Pods.Where(p => p.LongRunning))
            {
                var server = view.Containers.FirstOrDefault(c => c.Site.Pod.KeyPath == pod.KeyPath && !c.Site.IsInit && ServesMetrics(c.Process)).Process;
                if (server is null || Scraped(view.Manifest, pod, services, monitors))
                {
                    continue;
                }

                yield return new Hit(Rule, server.Path, server.Anchor, server.Subject, server.AnchorPath,
                    $"No scrape annotation, ServiceMonitor, PodMonitor or PodMonitoring collects the metrics of the model server in {server.Subject}.")
                { Resource = view.Manifest, Absent = true };
            }
        }
    }

    /// <summary>Returns whether the process is a server that publishes metrics; Triton's <c>-sdk</c> image holds the clients (perf_analyzer), not the server.</summary>
    private static bool ServesMetrics(ServerProcess process) =>
        process.Is(MetricsServers)
        && !(process.Kinds == ServerKinds.Triton && process.Image?.EndsWith("-sdk", StringComparison.OrdinalIgnoreCase) == true && !process.Tokens.Any(t => t.Text.EndsWith("tritonserver", StringComparison.Ordinal)));

    private static bool Scraped(Manifest workload, PodSpecSite pod, List<Manifest> services, List<Manifest> monitors)
    {
        var labels = pod.TemplateMetadata?.Map("labels");
        if (ScrapeAnnotated(pod.TemplateMetadata) || ScrapeAnnotated(workload.Metadata))
        {
            return true;
        }

        var fronting = services.Where(s => SameNamespace(s.Namespace, workload.Namespace) && s.Spec?.Map("selector") is { Entries.Count: > 0 } selector && Contains(labels, selector)).ToList();
        return fronting.Any(s => ScrapeAnnotated(s.Metadata))
            || monitors.Any(m => m.Kind == "ServiceMonitor"
                ? fronting.Any(s => Watches(m, s.Namespace) && Selects(m.Spec?.Map("selector"), s.Metadata?.Map("labels")))
                : Watches(m, workload.Namespace) && Selects(m.Spec?.Map("selector"), labels));
    }

    private static bool IsMonitor(Manifest m) =>
        (m.ApiVersion.StartsWith("monitoring.coreos.com/", StringComparison.Ordinal) && m.Kind is "ServiceMonitor" or "PodMonitor")
        || (m.ApiVersion.StartsWith("monitoring.googleapis.com/", StringComparison.Ordinal) && m.Kind is "PodMonitoring" or "ClusterPodMonitoring");

    private static bool ScrapeAnnotated(YMap? metadata) =>
        metadata?.Map("annotations")?.Scalar("prometheus.io/scrape") is { } scrape && scrape.IsTrue;

    /// <summary>Returns whether a monitor looks at a namespace: its own by default, any listed, or all (<c>any: true</c>, ClusterPodMonitoring).</summary>
    private static bool Watches(Manifest monitor, string? ns)
    {
        if (monitor.Kind == "ClusterPodMonitoring" || monitor.Spec?.Map("namespaceSelector") is { } selector && (selector.Scalar("any")?.IsTrue == true
            || selector.Seq("matchNames")?.Items.OfType<YScalar>().Any(n => SameNamespace(n.Value, ns)) == true))
        {
            return true;
        }

        return SameNamespace(monitor.Namespace, ns);
    }

    /// <summary>Returns whether a label selector matches; a selector with expressions only is taken to match (not evaluated, never a false alarm).</summary>
    private static bool Selects(YMap? selector, YMap? labels)
    {
        if (selector is null)
        {
            return false;
        }

        var match = selector.Map("matchLabels");
        return match is null || match.Entries.Count == 0 ? selector.Seq("matchExpressions") is not null || selector.Entries.Count == 0 : Contains(labels, match);
    }

    private static bool Contains(YMap? labels, YMap wanted) =>
        labels is not null && wanted.Entries.All(e => labels.Text(e.Key.Value) == (e.Value as YScalar)?.Value);

    /// <summary>An unset namespace is whatever the manifest is applied to, so it matches any.</summary>
    private static bool SameNamespace(string? a, string? b) => a is null || b is null || a == b;
}
