using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP103: a model server whose metrics are on by default has them turned off (Triton, vLLM, TorchServe).</summary>
internal sealed class ModelServerMetricsDisabled : IProcessRule, ITorchServeConfigRule
{
    public static RuleDescriptor Rule { get; } = RuleDescriptorFactory.Create(
        "DEP103",
        "Model server metrics turned off",
        "These servers publish Prometheus metrics unless told not to: Triton serves `/metrics` on port 8002 unless `--allow-metrics=false`; vLLM records its `vllm:` series on `/metrics` unless `--disable-log-stats` (the endpoint then stays empty, vLLM issue #11987); TorchServe's metrics API on 8082 is on unless `enable_metrics_api=false`, and since 0.8 it returns Prometheus series only with `metrics_mode=prometheus` (the default `log` mode writes them to `ts_metrics.log`). With metrics off, latency, queueing, token throughput and errors of the model in production cannot be watched or alerted on (monitoring stage, governance evidence). TGI always serves `/metrics` and is never reported.",
        "Remove `--allow-metrics=false` (Triton) or `--disable-log-stats` (vLLM); for TorchServe set `metrics_mode=prometheus` and keep `enable_metrics_api=true` (or `TS_METRICS_MODE=prometheus`). Then scrape the endpoint (DEP105).",
        Severity.Low,
        [Threat.ModelDenialOfService, Threat.Misconfiguration],
        ["OWASP-LLM10", "AML.T0029", "AML.T0034", "NIST-AI-RMF-MEASURE-2.4", "NIST-AI-RMF-MANAGE-4.1"],
        Precision.High,
        example: "A Triton container started with `tritonserver --model-repository=/models --allow-metrics=false`.");

    /// <inheritdoc />
    public RuleDescriptor Descriptor => Rule;

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(ServerProcess process, DeployAuditSettings settings)
    {
        if (process.FlagWithValue("--allow-metrics") is { } allow && IsFalse(allow.Value))
        {
            yield return On(process, allow.Token, $"Triton in {process.Subject} runs with --allow-metrics={allow.Value}: no /metrics endpoint.");
        }

        if (process.Is(ServerKinds.Vllm) && process.Flag("--disable-log-stats") is { } stats)
        {
            yield return On(process, stats, $"vLLM in {process.Subject} runs with --disable-log-stats: /metrics carries no vLLM series.");
        }

        foreach (var (name, text) in new[] { ("TS_ENABLE_METRICS_API", "the metrics API is off"), ("TS_METRICS_MODE", "metrics go to log files only") })
        {
            if (process.Is(ServerKinds.TorchServe) && process.EnvVar(name) is { Value: { } value } entry && (name == "TS_METRICS_MODE" ? value.Equals("log", StringComparison.OrdinalIgnoreCase) : IsFalse(value)))
            {
                yield return new Hit(Rule, process.Path, entry.Span, process.Subject, entry.KeyPath, $"TorchServe in {process.Subject} sets {name}={value}: {text}.") { Resource = process.Resource };
            }
        }
    }

    /// <inheritdoc />
    public IEnumerable<Hit> Evaluate(TorchServeConfig config, DeployAuditSettings settings)
    {
        var api = config.Entries.LastOrDefault(e => e.Key == "enable_metrics_api");
        if (api.Key is not null && IsFalse(api.Value))
        {
            yield return Hit(config, api.Span, "enable_metrics_api", $"{config.Subject} sets enable_metrics_api={api.Value}: TorchServe serves no metrics API.");
            yield break;
        }

        // Before 0.8 the key was metrics_format; prometheus in either exposes the series, legacy keeps the pre-0.8 Prometheus frontend metrics.
        var mode = config.Entries.LastOrDefault(e => e.Key is "metrics_mode" or "metrics_format");
        if (mode.Key is null)
        {
            yield return Hit(config, config.Anchor, "metrics_mode", $"{config.Subject} sets no metrics_mode: TorchServe's default log mode writes metrics to ts_metrics.log and /metrics returns no Prometheus series.") with { Absent = true };
        }
        else if (!mode.Value.Equals("prometheus", StringComparison.OrdinalIgnoreCase) && !mode.Value.Equals("legacy", StringComparison.OrdinalIgnoreCase))
        {
            yield return Hit(config, mode.Span, mode.Key, $"{config.Subject} sets {mode.Key}={mode.Value}: /metrics returns no Prometheus series.");
        }
    }

    private static Hit On(ServerProcess process, ArgToken token, string message) =>
        new(Rule, process.Path, token.Span, process.Subject, token.KeyPath, message) { Resource = process.Resource };

    private static Hit Hit(TorchServeConfig config, Yaml.TextSpan span, string key, string message) =>
        new(Rule, config.Path, span, config.Subject, config.PathOf(key), message) { Resource = config.Resource };

    private static bool IsFalse(string value) => value.Trim('"', '\'').ToLowerInvariant() is "false" or "0" or "no" or "off";
}
