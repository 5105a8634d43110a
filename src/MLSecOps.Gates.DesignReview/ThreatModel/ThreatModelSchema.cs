using System.Text.Json.Nodes;
using Json.Schema;
using MLSecOps.Gates.DesignReview.Yaml;

namespace MLSecOps.Gates.DesignReview.ThreatModel;

/// <summary>Validates a threat model against the published JSON schema (<c>docs/schemas/threat-model.schema.json</c>, embedded).</summary>
internal static class ThreatModelSchema
{
    private static readonly Lazy<JsonSchema> s_schema = new(Load);

    /// <summary>Gets the schema text as published.</summary>
    public static string Text { get; } = ReadText();

    /// <summary>Validates a document and returns each violation with its position, innermost first, one per location and message.</summary>
    /// <param name="document">The parsed YAML document.</param>
    /// <returns>The violations; empty when the document is valid.</returns>
    public static IReadOnlyList<SchemaViolation> Validate(YamlJsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var results = s_schema.Value.Evaluate(document.Root, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid)
        {
            return [];
        }

        var violations = new List<SchemaViolation>();
        foreach (var detail in results.Details.Append(results))
        {
            if (detail.IsValid || detail.Errors is not { Count: > 0 } errors)
            {
                continue;
            }

            var pointer = detail.InstanceLocation.ToString();
            foreach (var (keyword, message) in errors)
            {
                var text = keyword is "" or "false" || message.Contains("false schema", StringComparison.Ordinal)
                    ? $"'{LastSegment(pointer)}' is not a key of the threat model schema"
                    : message;
                var (line, column) = document.PositionOf(pointer);
                violations.Add(new SchemaViolation(pointer.Length == 0 ? "/" : pointer, text, line, column));
            }
        }

        return [.. violations.DistinctBy(v => (v.Pointer, v.Message)).OrderBy(v => v.Line).ThenBy(v => v.Column)];
    }

    private static string LastSegment(string pointer) =>
        pointer[(pointer.LastIndexOf('/') + 1)..].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);

    private static JsonSchema Load() => JsonSchema.FromText(Text);

    private static string ReadText()
    {
        using var stream = typeof(ThreatModelSchema).Assembly.GetManifestResourceStream("threat-model.schema.json")
            ?? throw new InvalidOperationException("threat-model.schema.json is not embedded");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
