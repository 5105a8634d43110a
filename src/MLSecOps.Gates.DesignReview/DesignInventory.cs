using System.Text.Json.Nodes;
using MLSecOps.Core.Inventory;
using MLSecOps.Gates.DesignReview.Cards;
using MLSecOps.Gates.DesignReview.Repository;

namespace MLSecOps.Gates.DesignReview;

/// <summary>What the design review tells the bill of materials and the compliance view: each model and data file with the
/// fields of the card that documents it, and the threat model's mitigations.</summary>
internal static class DesignInventory
{
    // Card sections worth carrying into a CycloneDX modelCard, by the field name the BOM writer maps.
    private static readonly (string Field, string[] Titles)[] s_sections =
    [
        ("intended-use", ["Intended use", "Direct use", "Uses"]),
        ("out-of-scope-use", ["Out-of-scope use"]),
        ("limitations", ["Bias, Risks, and Limitations", "Limitations"]),
        ("evaluation", ["Evaluation"]),
    ];

    private static readonly string[] s_frontMatterFields = ["pipeline_tag", "library_name", "language", "datasets", "tags", "model_type"];

    private const int MaxFieldLength = 400;

    /// <summary>Returns one asset per model and data file that a card documents.</summary>
    public static IReadOnlyList<Asset> Assets(DesignDossier dossier) =>
    [
        .. Documented(dossier, ArtifactKind.Model, AssetKind.Model, dossier.ModelCards),
        .. Documented(dossier, ArtifactKind.Data, AssetKind.Dataset, dossier.DataCards),
    ];

    /// <summary>Returns every mitigation of the threat model, with its threat's ATLAS ids.</summary>
    public static IReadOnlyList<ThreatMitigation> Mitigations(DesignDossier dossier) =>
        dossier.ThreatModel is not { } model
            ? []
            : [.. model.Threats.SelectMany(threat => threat.Mitigations.Select(m => new ThreatMitigation(
                threat.Key,
                [.. threat.Atlas.Select(a => a.Id)],
                m.Description ?? "",
                m.Owner,
                m.Status,
                m.VerifiedBy,
                model.Path)))];

    private static IEnumerable<Asset> Documented(DesignDossier dossier, ArtifactKind artifact, AssetKind kind, IReadOnlyList<CardReference> cards)
    {
        foreach (var (file, _) in dossier.Inventory.Artifacts.Where(a => a.Kind == artifact))
        {
            var folder = RepositoryInventory.FolderOf(file.RelativePath);
            var card = cards.FirstOrDefault(c => c.Document is not null && (c.Covers.Count == 0 || c.Covers.Contains(folder)));
            if (card?.Document is not { } document)
            {
                continue;
            }

            yield return new Asset
            {
                Kind = kind,
                Key = file.RelativePath,
                Files = [file.RelativePath, card.Path],
                Name = Text(document, "model_name") ?? Text(document, "pretty_name"),
                License = Text(document, "license"),
                BaseModel = Text(document, "base_model"),
                Card = Fields(document),
            };
        }
    }

    private static Dictionary<string, string> Fields(CardDocument document)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal) { ["card"] = document.Path };
        foreach (var key in s_frontMatterFields)
        {
            if (Text(document, key) is { Length: > 0 } value)
            {
                fields[key.Replace('_', '-')] = value;
            }
        }

        foreach (var (field, titles) in s_sections)
        {
            if (document.Section(titles) is { } section && Shorten(section.Body) is { Length: > 0 } body)
            {
                fields[field] = body;
            }
        }

        return fields;
    }

    private static string? Text(CardDocument document, string key) => document.FrontMatter?[key] switch
    {
        JsonArray array => Shorten(string.Join(", ", array.Select(a => a?.ToString() ?? ""))),
        JsonValue value => Shorten(value.ToString()),
        _ => null,
    };

    private static string? Shorten(string text)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length == 0 ? null : flat.Length <= MaxFieldLength ? flat : flat[..(MaxFieldLength - 1)] + "…";
    }
}
