using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP102: a KServe InferenceService does not expose its model server's metrics to Prometheus (scraping off by default).</summary>
internal sealed class KServeMetricsNotScraped : IClusterRule
{
    private const string Annotation = "serving.kserve.io/enable-prometheus-scraping";

    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP102",
        "KServe InferenceService without Prometheus scraping",
        "KServe adds the Prometheus scrape annotations (and, in serverless mode, aggregates queue-proxy and model-server metrics) only when `serving.kserve.io/enable-prometheus-scraping` is `true` on the InferenceService or `enablePrometheusScraping` is `true` in the `metricsAggregator` of the `inferenceservice-config` ConfigMap, and both default to false (KServe docs, Prometheus Metrics). Without it nobody sees the model's latency, error rate or request volume in production: floods, cost harvesting and degradation go unnoticed (monitoring stage, governance evidence).",
        "Annotate the InferenceService with `serving.kserve.io/enable-prometheus-scraping: \"true\"` (or set `metricsAggregator.enablePrometheusScraping: \"true\"` in `inferenceservice-config`), and make sure your Prometheus scrapes annotated pods or add a PodMonitor. See https://kserve.github.io/website/docs/model-serving/predictive-inference/observability/prometheus-metrics.",
        Severity.Low,
        [Threat.ModelDenialOfService, Threat.Misconfiguration],
        ["OWASP-LLM10", "AML.T0029", "AML.T0034", "NIST-AI-RMF-MEASURE-2.4", "NIST-AI-RMF-MANAGE-4.1"],
        Precision.Medium,
        example: "A `kind: InferenceService` without the annotation `serving.kserve.io/enable-prometheus-scraping: \"true\"`, and no `inferenceservice-config` enabling it.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public object? Facts(ManifestView view)
    {
        var m = view.Manifest;
        if (m.Kind == "InferenceService" && m.ApiVersion.StartsWith("serving.kserve.io/", StringComparison.Ordinal) && m.Spec is not null)
        {
            return new InferenceServiceFacts(m.Metadata?.Map("annotations")?.Scalar(Annotation), (m.Root.KeyNode("metadata") ?? (YNode)m.Root).Span);
        }

        return EnablesScrapingGlobally(m) ? GlobalScraping.Instance : null;
    }

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ClusterView cluster, DeployAuditSettings settings)
    {
        var enabledGlobally = cluster.FactsOf<GlobalScraping>(this).Any();
        foreach (var (resource, facts) in cluster.FactsOf<InferenceServiceFacts>(this))
        {
            var m = resource.Manifest;
            if (facts.Annotation is { } value && !value.IsTrue)
            {
                yield return new Hit(Rule, m.Path, value.Span, m.Id, $"metadata.annotations.{Annotation}", $"{m.Id} turns Prometheus scraping off ({Annotation}: {value.Value}).") { Resource = m };
            }
            else if (facts.Annotation is null && !enabledGlobally)
            {
                yield return new Hit(Rule, m.Path, facts.MetadataSpan, m.Id, "metadata.annotations", $"{m.Id} exposes no metrics to Prometheus: no {Annotation} annotation and no scanned inferenceservice-config enables it.")
                    { Resource = m, Absent = true };
            }
        }
    }

    /// <summary>Returns whether the manifest is KServe's <c>inferenceservice-config</c> with <c>metricsAggregator.enablePrometheusScraping</c> true.</summary>
    private static bool EnablesScrapingGlobally(Manifest manifest)
    {
        if (manifest.Kind != "ConfigMap" || manifest.Name != "inferenceservice-config" || manifest.Root.Map("data")?.Text("metricsAggregator") is not { } json)
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("enablePrometheusScraping", out var flag)
                && (flag.ValueKind == JsonValueKind.True || (flag.ValueKind == JsonValueKind.String && string.Equals(flag.GetString(), "true", StringComparison.OrdinalIgnoreCase)));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>What an InferenceService contributes: its scraping annotation, if any, and where its metadata key is.</summary>
    private sealed record InferenceServiceFacts(YScalar? Annotation, TextSpan MetadataSpan);

    /// <summary>Marks an <c>inferenceservice-config</c> that enables scraping for every InferenceService.</summary>
    private sealed class GlobalScraping
    {
        public static GlobalScraping Instance { get; } = new();
    }
}
