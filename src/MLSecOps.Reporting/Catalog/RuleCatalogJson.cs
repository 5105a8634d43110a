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

    /// <summary>Writes one rule as a JSON object, with the same fields as an entry of the catalogue.</summary>
    /// <param name="gate">The gate that reports it.</param>
    /// <param name="rule">The rule.</param>
    /// <param name="stream">Where to write.</param>
    public static void WriteRule(string gate, RuleDescriptor rule, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ReadableJson.Write(stream, json => WriteRule(gate, rule, json));
    }

    private static void WriteRules(RuleCatalog catalog, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteStartArray("rules");
        foreach (var (gate, rule) in catalog.All)
        {
            WriteRule(gate, rule, json);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRule(string gate, RuleDescriptor rule, Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("gate", gate);
        json.WriteString("title", rule.Title);
        json.WriteString("severity", rule.DefaultSeverity.ToName());
        json.WriteString("precision", rule.Precision.ToString().ToLowerInvariant());
        json.WriteString("description", rule.Description);
        json.WriteString("help", rule.HelpMarkdown);
        if (rule.Example is { } example)
        {
            json.WriteString("example", example);
        }

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
}
