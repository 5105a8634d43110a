using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Suppressions;

/// <summary>
/// Reads <c>mlsecops.io/ignore: "DEP007=reason; DEP010=reason"</c> from a resource's annotations and from the
/// annotations of the pod templates it carries.
/// </summary>
internal static class AnnotationIgnores
{
    /// <summary>The annotation key.</summary>
    public const string Key = "mlsecops.io/ignore";

    /// <summary>Returns the directives of <paramref name="view"/>.</summary>
    public static IReadOnlyList<IgnoreDirective> Read(ManifestView view)
    {
        var sources = new List<YScalar>();
        if (view.Manifest.Metadata?.Map("annotations")?.Scalar(Key) is { } own)
        {
            sources.Add(own);
        }

        sources.AddRange(view.Pods.Select(p => p.TemplateMetadata?.Map("annotations")?.Scalar(Key)).OfType<YScalar>().Where(s => !sources.Contains(s)));
        return [.. sources.SelectMany(Parse)];
    }

    private static IEnumerable<IgnoreDirective> Parse(YScalar annotation)
    {
        foreach (var entry in annotation.Value.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var id = (eq < 0 ? entry : entry[..eq]).Trim().ToUpperInvariant();
            var reason = eq < 0 ? "" : entry[(eq + 1)..].Trim();
            yield return new IgnoreDirective(id, reason, annotation.Span);
        }
    }
}
