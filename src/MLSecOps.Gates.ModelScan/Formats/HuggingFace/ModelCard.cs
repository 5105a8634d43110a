namespace MLSecOps.Gates.ModelScan.Formats.HuggingFace;

/// <summary>The parts of a model card's YAML front matter the scanner needs: its top-level keys and licence.</summary>
/// <param name="Keys">The top-level keys.</param>
/// <param name="License">The licence id, lower case, or null when none is declared.</param>
/// <param name="LicenseLine">The 1-based line of the <c>license</c> key, or 1.</param>
internal sealed record ModelCard(IReadOnlySet<string> Keys, string? License, int LicenseLine)
{
    /// <summary>The first bytes read from a README; front matter lives at the top.</summary>
    public const int MaxFrontMatterChars = 64 * 1024;

    /// <summary>Parses the front matter at the start of <paramref name="text"/>; null when there is none.</summary>
    public static ModelCard? Parse(string text)
    {
        var lines = text.TrimStart('\uFEFF').Split('\n');
        if (lines.Length < 2 || lines[0].TrimEnd('\r') != "---")
        {
            return null;
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var values = new Dictionary<string, (string Value, int Line)>(StringComparer.Ordinal);
        string? listKey = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line == "---" || line == "...")
            {
                return FromValues(keys, values);
            }

            // A block list under a key ("license:\n  - mit") keeps its first item.
            if (listKey is not null && line.TrimStart().StartsWith("- ", StringComparison.Ordinal))
            {
                values.TryAdd(listKey, (Unquote(line.TrimStart()[2..]), values.TryGetValue(listKey, out var v) ? v.Line : i + 1));
                listKey = null;
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line[0] == '#' || colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var value = Unquote(line[(colon + 1)..]);
            keys.Add(key);
            listKey = value.Length == 0 ? key : null;
            if (value.Length > 0)
            {
                values[key] = (value, i + 1);
            }
        }

        return null;
    }

    private static ModelCard FromValues(HashSet<string> keys, Dictionary<string, (string Value, int Line)> values)
    {
        if (!values.TryGetValue("license", out var license))
        {
            return new ModelCard(keys, null, 1);
        }

        // "other" defers to license_name, which Hugging Face requires with it.
        var id = license.Value.Equals("other", StringComparison.OrdinalIgnoreCase) && values.TryGetValue("license_name", out var name) ? name.Value : license.Value;
        return new ModelCard(keys, id.ToLowerInvariant(), license.Line);
    }

    private static string Unquote(string value)
    {
        var trimmed = value.Trim();
        var comment = trimmed.IndexOf(" #", StringComparison.Ordinal);
        if (comment >= 0)
        {
            trimmed = trimmed[..comment].TrimEnd();
        }

        return trimmed.Length >= 2 && (trimmed[0] is '"' or '\'') && trimmed[^1] == trimmed[0] ? trimmed[1..^1] : trimmed;
    }
}
