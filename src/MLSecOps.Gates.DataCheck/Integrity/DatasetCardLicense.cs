using MLSecOps.Core.Rules;
using MLSecOps.Gates.DataCheck.Rules;
using YamlDotNet.RepresentationModel;

namespace MLSecOps.Gates.DataCheck.Integrity;

/// <summary>Reads the licence of a Hugging Face data-set card (README.md YAML front matter) and checks it against the policy (DAT070, DAT071).</summary>
internal static class DatasetCardLicense
{
    private static readonly string[] s_cardKeys = ["license", "dataset_info", "configs", "task_categories", "size_categories", "annotations_creators", "pretty_name"];

    /// <summary>Returns the licence findings for a README.md whose text is <paramref name="text"/>; nothing when it is not a data-set card.</summary>
    public static IReadOnlyList<Finding> Check(string path, string text, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("---", StringComparison.Ordinal))
        {
            return [];
        }

        var end = text.IndexOf("\n---", 3, StringComparison.Ordinal);
        if (end < 0)
        {
            return [];
        }

        YamlMappingNode? root;
        try
        {
            var yaml = new YamlStream();
            yaml.Load(new StringReader(text[3..end]));
            root = yaml.Documents.FirstOrDefault()?.RootNode as YamlMappingNode;
        }
        catch (YamlDotNet.Core.YamlException)
        {
            return [Finding.Create(DataLicenseUnknown.Descriptor, Location.File(path), "The data-set card's front matter is not valid YAML, so its licence is unknown.", "card-yaml")];
        }

        if (root is null || !s_cardKeys.Any(k => root.Children.ContainsKey(k)))
        {
            return [];
        }

        var licenses = root.Children.TryGetValue("license", out var node)
            ? node switch
            {
                YamlScalarNode { Value: { } one } => [one],
                YamlSequenceNode many => many.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").ToArray(),
                _ => [],
            }
            : Array.Empty<string>();
        var line = root.Children.Keys.OfType<YamlScalarNode>().FirstOrDefault(k => k.Value == "license")?.Start.Line is { } l ? (int)l + 1 : 1;
        if (licenses.Length == 0 || licenses.All(x => x is "" or "unknown"))
        {
            return [Finding.Create(DataLicenseUnknown.Descriptor, new Location(path, line), "The data-set card declares no licence (or `unknown`).", "card-license-missing")];
        }

        var findings = new List<Finding>();
        foreach (var license in licenses.Select(x => x.Trim().ToLowerInvariant()))
        {
            if (license == "other" && !(root.Children.ContainsKey("license_name") && root.Children.ContainsKey("license_link")))
            {
                findings.Add(Finding.Create(DataLicenseUnknown.Descriptor, new Location(path, line), "The data-set card's licence is `other` without `license_name` and `license_link`.", "card-license-other"));
            }
            else if (allowed.Count > 0 ? !allowed.Contains(license) : IsRestrictive(license))
            {
                var why = allowed.Count > 0 ? "is not in `allowed-licenses`" : "restricts commercial use or derivatives (NC / ND)";
                findings.Add(Finding.Create(DataLicenseNotAllowed.Descriptor, new Location(path, line), $"The data-set licence `{Scanning.FindingText.Cap(license, 60)}` {why}.", $"card-license:{license}", license));
            }
        }

        return findings;
    }

    private static bool IsRestrictive(string license) => license.Contains("-nc", StringComparison.Ordinal) || license.Contains("-nd", StringComparison.Ordinal);
}
