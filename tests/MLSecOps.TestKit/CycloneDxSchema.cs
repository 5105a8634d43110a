using System.Text.Json.Nodes;
using Json.Schema;

namespace MLSecOps.TestKit;

/// <summary>The official CycloneDX 1.6 JSON schema (committed under tests/fixtures/schemas/cyclonedx with the SPDX and JSF
/// schemas it references, resolved locally so validation needs no network).</summary>
public static class CycloneDxSchema
{
    private static readonly Lazy<(JsonSchema Bom, EvaluationOptions Options)> s_schema = new(Load);

    /// <summary>Returns the schema errors of a BOM document, each as <c>location: message</c>; empty when it is valid.</summary>
    /// <param name="json">The BOM text.</param>
    /// <returns>The errors.</returns>
    public static IReadOnlyList<string> Errors(string json)
    {
        var (bom, options) = s_schema.Value;
        var result = bom.Evaluate(JsonNode.Parse(json), options);
        return result.IsValid
            ? []
            : [.. result.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))];
    }

    private static (JsonSchema, EvaluationOptions) Load()
    {
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        foreach (var name in new[] { "spdx", "jsf-0.82" })
        {
            options.SchemaRegistry.Register(JsonSchema.FromFile(Path("cyclonedx", $"{name}.schema.json")));
        }

        var bom = JsonSchema.FromFile(Path("cyclonedx", "bom-1.6.schema.json"));
        options.SchemaRegistry.Register(bom);
        return (bom, options);
    }

    private static string Path(string folder, string name) => FixturePaths.Schema(System.IO.Path.Combine(folder, name));
}
