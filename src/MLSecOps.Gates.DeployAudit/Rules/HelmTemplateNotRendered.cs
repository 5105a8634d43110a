using MLSecOps.Core.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Rules;

/// <summary>DEP002: a Helm template (<c>{{ }}</c>) was found; it is audited only once rendered.</summary>
internal static class HelmTemplateNotRendered
{
    public static RuleDescriptor Descriptor { get; } = RuleDescriptorFactory.Create(
        "DEP002",
        "Helm template must be rendered first",
        "The file contains Go template actions (`{{ … }}`), so it is not YAML until Helm renders it. It is skipped rather than reported as broken YAML.",
        "Render the chart and audit the output: `helm template my-release ./chart -f values.yaml > rendered/all.yaml && mlsecops deploy-audit rendered/`. Exclude the chart's `templates/` folder from the gate's paths once the rendered output is covered.",
        Severity.Info,
        [Threat.Misconfiguration],
        [],
        Precision.VeryHigh,
        example: "`chart/templates/deployment.yaml` containing `replicas: {{ .Values.replicaCount }}`.");

    /// <summary>Keeps one hit per chart (the folder above <c>templates/</c>), naming how many templates it stands for and why helm did not render it.</summary>
    public static IEnumerable<Hit> OncePerChart(IEnumerable<Hit> hits, IReadOnlyDictionary<string, string> failures)
    {
        var charts = new Dictionary<string, (Hit First, int Count)>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            if (hit.Rule != Descriptor || ChartOf(hit.Path) is not { } chart)
            {
                yield return hit;
                continue;
            }

            charts[chart] = charts.TryGetValue(chart, out var seen) ? (seen.First, seen.Count + 1) : (hit, 1);
        }

        foreach (var (chart, (first, count)) in charts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var name = chart.Length == 0 ? "." : chart;
            var hit = count == 1 ? first : first with
            {
                Message = $"Helm chart {name}: {count} templates must be rendered (helm template) and the output audited; the templates themselves are not parsed.",
            };
            yield return failures.TryGetValue(chart, out var reason) ? hit with { Message = $"{hit.Message} Rendering it failed: {reason}." } : hit;
        }
    }

    /// <summary>Returns the chart folder of a file under <c>templates/</c> ("" for the repository root), or null.</summary>
    public static string? ChartOf(string path)
    {
        var at = path.StartsWith("templates/", StringComparison.Ordinal) ? 0 : path.IndexOf("/templates/", StringComparison.Ordinal);
        return at < 0 ? null : path[..at];
    }

    /// <summary>Creates the hit at the first template action.</summary>
    public static Hit Create(string path, int line, int length) =>
        new(Descriptor, path, TextSpan.OfLine(line, length), "helm", "template", "Helm template: render it (helm template) and audit the output; the template itself is not parsed.");
}
