using MLSecOps.Core.Gates;
using MLSecOps.Gates.DeployAudit.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Helm;

/// <summary>The audits after rendering: rendered templates replace their template's audit; failed charts keep DEP002 with the reason.</summary>
/// <param name="Audits">Every file's audit.</param>
/// <param name="LineMaps">For each rendered template, how rendered lines map to template lines.</param>
/// <param name="Failures">Why each chart could not be rendered, by chart folder.</param>
internal sealed record ChartRendering(IReadOnlyList<FileAudit> Audits, IReadOnlyDictionary<string, TemplateLineMap> LineMaps, IReadOnlyDictionary<string, string> Failures)
{
    /// <summary>Renders every chart that has a DEP002 and a <c>Chart.yaml</c> with the configured helm (outermost charts only: they render their subcharts).</summary>
    public static async Task<ChartRendering> RenderAsync(GateContext context, IReadOnlyList<FileAudit> audits, DeployAuditSettings settings, FileAuditor auditor, CancellationToken cancellationToken)
    {
        var maps = new Dictionary<string, TemplateLineMap>(StringComparer.Ordinal);
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        if (settings.HelmExecutable is not { } helm)
        {
            return new(audits, maps, failures);
        }

        var root = Path.GetFullPath(context.RepositoryRoot);
        var charts = audits.SelectMany(a => a.Hits).Where(h => h.Rule == HelmTemplateNotRendered.Descriptor)
            .Select(h => HelmTemplateNotRendered.ChartOf(h.Path)).OfType<string>().Distinct(StringComparer.Ordinal)
            .Where(c => File.Exists(Path.Combine(root, c, "Chart.yaml")))
            .OrderBy(c => c, StringComparer.Ordinal).ToList();
        charts = [.. charts.Where(c => !charts.Any(p => c.StartsWith(p.Length == 0 ? "charts/" : p + "/charts/", StringComparison.Ordinal)))];
        var byPath = audits.Select((a, i) => (a.Path, i)).GroupBy(p => p.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var result = audits.ToArray();
        var inside = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        foreach (var chart in charts)
        {
            // The policy file is pull-request input: a "helm" it names inside the repository would be the PR's own program.
            var render = Path.GetFullPath(helm).StartsWith(inside, StringComparison.Ordinal)
                ? new ChartRender(null, "the configured helm is inside the scanned repository and is not run")
                : await ChartRenderer.RenderAsync(helm, Path.Combine(root, chart), settings.HelmTimeout, cancellationToken).ConfigureAwait(false);
            if (render.Output is not { } output)
            {
                failures[chart] = render.Failure ?? "helm template failed";
                continue;
            }

            var subcharts = chart.Length == 0 ? "charts/" : chart + "/charts/";
            foreach (var index in byPath.Where(p => HelmTemplateNotRendered.ChartOf(p.Key) is { } owner && (owner == chart || owner.StartsWith(subcharts, StringComparison.Ordinal))).Select(p => p.Value))
            {
                // Rendered with default values, a template that printed nothing (disabled by a value) has nothing to audit.
                result[index] = result[index] with { Hits = [.. result[index].Hits.Where(h => h.Rule != HelmTemplateNotRendered.Descriptor)], Resources = [], Views = [] };
            }

            foreach (var (path, text) in RenderedSources.Split(output, chart))
            {
                if (!byPath.TryGetValue(path, out var index) || ReadTemplate(Path.Combine(root, path)) is not { } template)
                {
                    continue;
                }

                var rendered = auditor.AuditRendered(path, text);
                result[index] = rendered with { Ignores = audits[index].Ignores };
                maps[path] = TemplateLineMap.Build(text, template);
            }
        }

        return new(result, maps, failures);
    }

    /// <summary>Moves a hit on rendered text to the template line it came from.</summary>
    public Hit Locate(Hit hit) => LineMaps.TryGetValue(hit.Path, out var map) ? hit with { Span = map.Map(hit.Span), IgnoreLine = null } : hit;

    private static string? ReadTemplate(string path)
    {
        try
        {
            return TextFileReader.Read(path, FileAuditor.MaxFileBytes, out _);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
