using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Servers;

/// <summary>A TorchServe <c>config.properties</c>, from a ConfigMap value or a file, with the line of every entry.</summary>
internal sealed class TorchServeConfig
{
    private static readonly string[] s_markers = ["inference_address", "management_address", "model_store", "load_models", "metrics_address"];

    /// <summary>Gets the repository-relative path.</summary>
    public required string Path { get; init; }

    /// <summary>Gets who holds it, such as <c>ConfigMap/torchserve</c> or <c>config.properties</c>.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the key path of the value, such as <c>data.config.properties</c>.</summary>
    public required string KeyPath { get; init; }

    /// <summary>Gets where findings about a missing entry point.</summary>
    public required TextSpan Anchor { get; init; }

    /// <summary>Gets the ConfigMap, if the config is one of its values.</summary>
    public Manifest? Resource { get; init; }

    /// <summary>Gets the entries: key, value, span of the line.</summary>
    public required IReadOnlyList<(string Key, string Value, TextSpan Span)> Entries { get; init; }

    /// <summary>Reads <paramref name="text"/> as properties, or returns null when it is not a TorchServe config.</summary>
    public static IReadOnlyList<(string Key, string Value, int Index)>? Parse(string text)
    {
        var lines = text.Split('\n');
        var entries = new List<(string, string, int)>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var eq = line.IndexOfAny(['=', ':']);
            if (line.Length == 0 || line[0] is '#' or '!' || eq <= 0)
            {
                continue;
            }

            entries.Add((line[..eq].Trim(), line[(eq + 1)..].Trim(), i));
        }

        return entries.Exists(e => Array.IndexOf(s_markers, e.Item1) >= 0) ? entries : null;
    }

    /// <summary>Returns the TorchServe configs held in a ConfigMap's <c>data</c>.</summary>
    public static IEnumerable<TorchServeConfig> FromConfigMap(Manifest manifest)
    {
        if (manifest.Kind != "ConfigMap")
        {
            yield break;
        }

        foreach (var (key, value) in manifest.Root.Map("data")?.Entries ?? [])
        {
            if (value is YScalar scalar && Parse(scalar.Value) is { } entries)
            {
                yield return new TorchServeConfig
                {
                    Path = manifest.Path,
                    Subject = manifest.Id,
                    KeyPath = "data." + key.Value,
                    Anchor = key.Span,
                    Resource = manifest,
                    Entries = [.. entries.Select(e => (e.Key, e.Value, LineSpan(scalar, e.Index)))],
                };
            }
        }
    }

    /// <summary>Returns the config in a properties file, or null.</summary>
    public static TorchServeConfig? FromFile(string path, string text)
    {
        var entries = Parse(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        var lines = text.Split('\n');
        return entries is null
            ? null
            : new TorchServeConfig
            {
                Path = path,
                Subject = System.IO.Path.GetFileName(path),
                KeyPath = "",
                Anchor = TextSpan.OfLine(1, lines[0].Length),
                Entries = [.. entries.Select(e => (e.Key, e.Value, TextSpan.OfLine(e.Index + 1, lines[e.Index].TrimEnd('\r').Length)))],
            };
    }

    /// <summary>Gets the key path of an entry.</summary>
    public string PathOf(string key) => KeyPath.Length == 0 ? key : $"{KeyPath}/{key}";

    private static TextSpan LineSpan(YScalar scalar, int index)
    {
        var line = scalar.LineOf(index);
        return scalar.IsBlock ? new TextSpan(line, 1, line, 1) : scalar.Span;
    }
}
