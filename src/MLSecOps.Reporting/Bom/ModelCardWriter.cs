using System.Text.Json.Nodes;

namespace MLSecOps.Reporting.Bom;

/// <summary>Maps the fields of a model card (as gates report them) to a CycloneDX <c>modelCard</c>; fields with no
/// CycloneDX home go to its properties.</summary>
internal static class ModelCardWriter
{
    /// <summary>Returns the <c>modelCard</c> object for the card fields.</summary>
    public static JsonObject ModelCard(IReadOnlyDictionary<string, string> card)
    {
        var parameters = new JsonObject();
        var considerations = new JsonObject();
        var rest = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, value) in card.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            switch (field)
            {
                case "pipeline-tag":
                    parameters["task"] = value;
                    break;
                case "model-type":
                    parameters["architectureFamily"] = value;
                    break;
                case "datasets":
                    parameters["datasets"] = new JsonArray([.. Split(value).Select(d => new JsonObject { ["type"] = "dataset", ["name"] = d })]);
                    break;
                case "intended-use":
                    considerations["useCases"] = new JsonArray(CycloneDxWriter.Cap(value));
                    break;
                case "limitations":
                    considerations["technicalLimitations"] = new JsonArray(CycloneDxWriter.Cap(value));
                    break;
                default:
                    rest["card:" + field] = value;
                    break;
            }
        }

        var modelCard = new JsonObject();
        if (parameters.Count > 0)
        {
            modelCard["modelParameters"] = parameters;
        }

        if (considerations.Count > 0)
        {
            modelCard["considerations"] = considerations;
        }

        if (rest.Count > 0)
        {
            modelCard["properties"] = CycloneDxWriter.Properties(rest);
        }

        return modelCard;
    }

    private static IEnumerable<string> Split(string list) =>
        list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal);
}
