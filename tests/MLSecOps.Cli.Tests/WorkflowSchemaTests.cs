using System.Globalization;
using System.Text.Json.Nodes;
using Json.Schema;
using MLSecOps.TestKit;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MLSecOps.Cli.Tests;

/// <summary>
/// Every committed GitHub workflow validates against the current SchemaStore workflow schema. (action-validator, run by
/// the lint script on action.yml files, bundles an older workflow schema that rejects the `attestations` permission.)
/// </summary>
public sealed class WorkflowSchemaTests
{
    private static readonly Lazy<JsonSchema> s_schema = new(LoadSchema);

    private static IEnumerable<string> Workflows() =>
        new[] { ".github/workflows", "examples/github" }
            .Select(folder => Path.Combine(FixturePaths.RepositoryRoot, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.yml", SearchOption.AllDirectories))
            .Select(path => Path.GetRelativePath(FixturePaths.RepositoryRoot, path))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(Workflows))]
    public void Workflow_IsValidAgainstTheWorkflowSchema(string workflow)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(FixturePaths.RepositoryRoot, workflow)))
        {
            yaml.Load(reader);
        }

        var result = s_schema.Value.Evaluate(ToJson(yaml.Documents[0].RootNode), new EvaluationOptions { OutputFormat = OutputFormat.List });

        var errors = result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
        Assert.That(result.IsValid, Is.True, string.Join("\n", errors.Take(10)));
    }

    [Test]
    public void Validation_RejectsAnUnknownPermission()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions: { rockets: write }\n    steps: [{ run: 'true' }]\n"));

        Assert.That(s_schema.Value.Evaluate(ToJson(yaml.Documents[0].RootNode)).IsValid, Is.False);
    }

    // JsonSchema.Net 7.4 rejects the self-referencing `configuration` definition as a circular reference; it describes
    // free-form values (workflow_call inputs, matrix entries), so it is read here as "any value".
    private static JsonSchema LoadSchema()
    {
        var schema = JsonNode.Parse(File.ReadAllText(FixturePaths.Schema("github-workflow.json")))!;
        schema["definitions"]!["configuration"] = new JsonObject();
        return JsonSchema.FromText(schema.ToJsonString());
    }

    // YAML 1.2 core schema for plain scalars; quoted scalars stay strings, as GitHub reads them.
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? string.Empty),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => null,
    };

    private static JsonNode? Plain(string value) => value switch
    {
        "" or "~" or "null" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) => JsonValue.Create(real),
        _ => JsonValue.Create(value),
    };
}
