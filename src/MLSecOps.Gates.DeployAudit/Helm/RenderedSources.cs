namespace MLSecOps.Gates.DeployAudit.Helm;

/// <summary>Splits <c>helm template</c> output into the documents of each template, by the <c># Source: chart/templates/x.yaml</c> comment Helm writes above each.</summary>
internal static class RenderedSources
{
    private const string SourcePrefix = "# Source: ";

    /// <summary>Returns the rendered text of each template, keyed by its repository-relative path under <paramref name="chartPath"/>.</summary>
    /// <param name="output">What helm printed.</param>
    /// <param name="chartPath">The chart folder, repository-relative ("" for the root).</param>
    public static IReadOnlyDictionary<string, string> Split(string output, string chartPath)
    {
        var chunks = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var raw in output.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(SourcePrefix, StringComparison.Ordinal))
            {
                current = RelativeTemplatePath(line[SourcePrefix.Length..].Trim(), chartPath) is { } path
                    ? chunks.TryGetValue(path, out var existing) ? existing : chunks[path] = []
                    : null;
                if (current is { Count: > 0 })
                {
                    current.Add("---");
                }

                continue;
            }

            if (line == "---")
            {
                current = null;
                continue;
            }

            current?.Add(line);
        }

        return chunks.ToDictionary(c => c.Key, c => string.Join('\n', c.Value) + "\n", StringComparer.Ordinal);
    }

    /// <summary>Maps <c>name/templates/x.yaml</c> (the chart's own name first, then the path inside it) into the repository; null for anything leaving the chart.</summary>
    private static string? RelativeTemplatePath(string source, string chartPath)
    {
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        var inside = source[(slash + 1)..];
        if (inside.Split('/').Any(s => s is "" or "." or "..") || inside.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        return chartPath.Length == 0 ? inside : chartPath + "/" + inside;
    }
}
