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
    public object? Facts(ManifestView view)
    {
        var m = view.Manifest;
        if (m.Kind == "Service" && m.ApiVersion == "v1")
        {
            return m.Spec?.Map("selector") is { Entries.Count: > 0 } selector ? new ServiceFacts(m.Namespace, selector, ScrapeAnnotated(m.Metadata), m.Metadata?.Map("labels")) : null;
        }

        if (IsMonitor(m))
        {
            return new MonitorFacts(m.Kind, m.Namespace, m.Spec?.Map("selector"), m.Spec?.Map("namespaceSelector"));
        }

        if (Array.IndexOf(s_plainWorkloads, m.Kind) < 0)
        {
            return null;
        }

        var servers = new List<ServerFacts>();
        foreach (var pod in view.Pods.Where(p => p.LongRunning))
        {
            var server = view.Containers.FirstOrDefault(c => c.Site.Pod.KeyPath == pod.KeyPath && !c.Site.IsInit && ServesMetrics(c.Process)).Process;
            if (server is not null)
            {
                servers.Add(new ServerFacts(server.Path, server.Anchor, server.Subject, server.AnchorPath, ScrapeAnnotated(pod.TemplateMetadata), pod.TemplateMetadata?.Map("labels")));
            }
        }

        return servers.Count > 0 ? new WorkloadFacts(m.Namespace, ScrapeAnnotated(m.Metadata), servers) : null;
    }

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ClusterView cluster, DeployAuditSettings settings)
    {
        var services = new ServiceIndex(cluster.FactsOf<ServiceFacts>(this).Select(f => f.Facts));
        var monitors = cluster.FactsOf<MonitorFacts>(this).Select(f => f.Facts).ToList();
        foreach (var (resource, workload) in cluster.FactsOf<WorkloadFacts>(this))
        {
            foreach (var server in workload.Servers)
            {
                if (Scraped(workload, server, services, monitors))
                {
                    continue;
                }

                yield return new Hit(Rule, server.Path, server.Anchor, server.Subject, server.AnchorPath,
                    $"No scrape annotation, ServiceMonitor, PodMonitor or PodMonitoring collects the metrics of the model server in {server.Subject}.")
                { Resource = resource.Manifest, Absent = true };
            }
        }
    }

    /// <summary>Returns whether the process is a server that publishes metrics; Triton's <c>-sdk</c> image holds the clients (perf_analyzer), not the server.</summary>
    private static bool ServesMetrics(ServerProcess process) =>
        process.Is(MetricsServers)
        && !(process.Kinds == ServerKinds.Triton && process.Image?.EndsWith("-sdk", StringComparison.OrdinalIgnoreCase) == true && !process.Tokens.Any(t => t.Text.EndsWith("tritonserver", StringComparison.Ordinal)));

    private static bool Scraped(WorkloadFacts workload, ServerFacts pod, ServiceIndex services, List<MonitorFacts> monitors)
    {
        var labels = pod.Labels;
        if (pod.ScrapeAnnotated || workload.ScrapeAnnotated)
        {
            return true;
        }

        var fronting = services.Candidates(labels).Where(s => SameNamespace(s.Namespace, workload.Namespace) && Contains(labels, s.Selector)).ToList();
        return fronting.Any(s => s.ScrapeAnnotated)
            || monitors.Any(m => m.Kind == "ServiceMonitor"
                ? fronting.Any(s => Watches(m, s.Namespace) && Selects(m.Selector, s.Labels))
                : Watches(m, workload.Namespace) && Selects(m.Selector, labels));
    }

    private static bool IsMonitor(Manifest m) =>
        (m.ApiVersion.StartsWith("monitoring.coreos.com/", StringComparison.Ordinal) && m.Kind is "ServiceMonitor" or "PodMonitor")
        || (m.ApiVersion.StartsWith("monitoring.googleapis.com/", StringComparison.Ordinal) && m.Kind is "PodMonitoring" or "ClusterPodMonitoring");

    private static bool ScrapeAnnotated(YMap? metadata) =>
        metadata?.Map("annotations")?.Scalar("prometheus.io/scrape") is { } scrape && scrape.IsTrue;

    /// <summary>Returns whether a monitor looks at a namespace: its own by default, any listed, or all (<c>any: true</c>, ClusterPodMonitoring).</summary>
    private static bool Watches(MonitorFacts monitor, string? ns)
    {
        if (monitor.Kind == "ClusterPodMonitoring" || monitor.NamespaceSelector is { } selector && (selector.Scalar("any")?.IsTrue == true
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

    /// <summary>
    /// The Services with a non-empty selector, by the first scalar entry of that selector: a pod's labels can match a selector
    /// only if they carry that entry, so only those Services are checked (the quadratic Service × pod scan was 20 % of 10k
    /// manifests). A selector without scalar values is checked against every pod.
    /// </summary>
    private sealed class ServiceIndex
    {
        private readonly Dictionary<(string Key, string Value), List<ServiceFacts>> _byEntry = [];
        private readonly List<ServiceFacts> _unanchored = [];

        public ServiceIndex(IEnumerable<ServiceFacts> services)
        {
            foreach (var service in services)
            {
                var anchor = service.Selector.Entries.FirstOrDefault(e => e.Value is YScalar);
                if (anchor.Value is YScalar value)
                {
                    var at = (anchor.Key.Value, value.Value);
                    (_byEntry.TryGetValue(at, out var list) ? list : _byEntry[at] = []).Add(service);
                }
                else
                {
                    _unanchored.Add(service);
                }
            }
        }

        /// <summary>Returns the Services whose selector may match <paramref name="labels"/> (a superset; order does not matter to the callers).</summary>
        public IEnumerable<ServiceFacts> Candidates(YMap? labels)
        {
            if (labels is null)
            {
                yield break;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, _) in labels.Entries)
            {
                if (seen.Add(key.Value) && labels.Text(key.Value) is { } value && _byEntry.TryGetValue((key.Value, value), out var list))
                {
                    foreach (var candidate in list)
                    {
                        yield return candidate;
                    }
                }
            }

            foreach (var candidate in _unanchored)
            {
                yield return candidate;
            }
        }
    }

    /// <summary>An unset namespace is whatever the manifest is applied to, so it matches any.</summary>
    private static bool SameNamespace(string? a, string? b) => a is null || b is null || a == b;

    /// <summary>A v1 Service with a selector: where it is, what it selects, whether it is annotated for scraping, and its labels (ServiceMonitors select those).</summary>
    private sealed record ServiceFacts(string? Namespace, YMap Selector, bool ScrapeAnnotated, YMap? Labels);

    /// <summary>A ServiceMonitor, PodMonitor, PodMonitoring or ClusterPodMonitoring: its kind, namespace and selectors.</summary>
    private sealed record MonitorFacts(string Kind, string? Namespace, YMap? Selector, YMap? NamespaceSelector);

    /// <summary>A plain workload with metrics-serving containers: its namespace, whether it is annotated for scraping, and its servers.</summary>
    private sealed record WorkloadFacts(string? Namespace, bool ScrapeAnnotated, IReadOnlyList<ServerFacts> Servers);

    /// <summary>The first metrics-serving container of a long-running pod (where a hit points) and its pod template's annotation and labels.</summary>
    private sealed record ServerFacts(string Path, TextSpan Anchor, string Subject, string AnchorPath, bool ScrapeAnnotated, YMap? Labels);
}
