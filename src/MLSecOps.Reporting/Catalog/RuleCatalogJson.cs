using System.Text.Json;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Json;

namespace MLSecOps.Reporting.Catalog;

/// <summary>Writes the rule catalogue as JSON, one object per rule.</summary>
public static class RuleCatalogJson
{
    /// <summary>Writes the catalogue.</summary>
    /// <param name="catalog">The rules.</param>
    /// <param name="stream">Where to write.</param>
    public static void Write(RuleCatalog catalog, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ReadableJson.Write(stream, json => WriteRules(catalog, json));
    }

    private static void WriteRules(RuleCatalog catalog, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray("rules");
        foreach (var (gate, rule) in catalog.All)
        {
            json.WriteStartObject();
            json.WriteString("id", rule.Id);
            json.WriteString("gate", gate);
            json.WriteString("title", rule.Title);
            json.WriteString("severity", rule.DefaultSeverity.ToName());
            json.WriteString("precision", rule.Precision.ToString().ToLowerInvariant());
            json.WriteString("description", rule.Description);
            json.WriteString("help", rule.HelpMarkdown);
            json.WriteString("helpUri", rule.HelpUri.ToString());
            json.WriteStartArray("threats");
            foreach (var threat in rule.Threats)
            {
                json.WriteStringValue(ThreatCatalog.Tag(threat));
            }

            json.WriteEndArray();
            json.WriteStartArray("standards");
            foreach (var standard in rule.Standards)
            {
                json.WriteStringValue(standard);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
