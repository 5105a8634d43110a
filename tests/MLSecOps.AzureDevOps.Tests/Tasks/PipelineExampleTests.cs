using System.Text.Json.Nodes;
using MLSecOps.TestKit;
using YamlDotNet.RepresentationModel;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>The pipelines in examples/azure-pipelines use only tasks the extension has, at their major version,
/// with inputs those tasks declare and valid values for their pick lists and booleans.</summary>
public sealed class PipelineExampleTests
{
    private static readonly string[] s_examples =
        [.. Directory.GetFiles(Path.Combine(FixturePaths.RepositoryRoot, "examples", "azure-pipelines"), "*.yml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Test]
    public void Examples_AreTheFourDocumentedPipelines()
    {
        Assert.That(s_examples, Is.EqualTo(new[] { "nightly-rescan-work-item.yml", "pull-request-validation.yml", "scheduled-full-scan.yml", "sharded-model-scan.yml" }));
    }

    [TestCaseSource(nameof(s_examples))]
    public void Example_UsesDeclaredTasksAndInputs(string example)
    {
        var steps = TaskSteps(example).ToList();

        // The nightly re-scan needs the JSON report, which only the CLI writes; every other example runs the extension's tasks.
        if (steps.Count == 0)
        {
            Assert.That(File.ReadAllText(Path.Combine(FixturePaths.RepositoryRoot, "examples", "azure-pipelines", example)), Does.Contain("mlsecops scan . ").And.Contain("--json"), example);
            return;
        }

        foreach (var (task, inputs) in steps)
        {
            var parts = task.Split('@');
            var manifest = Path.Combine(FixturePaths.RepositoryRoot, "tasks", parts[0], "task.json");
            Assert.That(File.Exists(manifest), Is.True, $"{example}: {task} is not a task of the extension");
            var json = JsonNode.Parse(File.ReadAllText(manifest))!;
            Assert.That(parts[1], Is.EqualTo(((int)json["version"]!["Major"]!).ToString(System.Globalization.CultureInfo.InvariantCulture)), $"{example}: {task}");
            var declared = json["inputs"]!.AsArray().ToDictionary(i => (string)i!["name"]!, i => i!.AsObject());
            foreach (var (name, value) in inputs)
            {
                Assert.That(declared.ContainsKey(name), Is.True, $"{example}: {task} has no input '{name}'");
                var input = declared[name];
                if ((string?)input["type"] == "boolean")
                {
                    Assert.That(value, Is.AnyOf("true", "false"), $"{example}: {task} {name}");
                }
                else if (input["options"] is JsonObject options && !value.StartsWith("$(", StringComparison.Ordinal))
                {
                    Assert.That(options.Select(o => o.Key), Does.Contain(value), $"{example}: {task} {name}");
                }
            }
        }
    }

    private static IEnumerable<(string Task, IReadOnlyList<(string Name, string Value)> Inputs)> TaskSteps(string example)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(FixturePaths.RepositoryRoot, "examples", "azure-pipelines", example)))
        {
            yaml.Load(reader);
        }

        return Mappings(yaml.Documents[0].RootNode)
            .Where(m => m.Children.TryGetValue(new YamlScalarNode("task"), out var t) && ((YamlScalarNode)t).Value!.StartsWith("MLSecOps", StringComparison.Ordinal))
            .Select(m => (
                ((YamlScalarNode)m.Children[new YamlScalarNode("task")]).Value!,
                (IReadOnlyList<(string, string)>)(m.Children.TryGetValue(new YamlScalarNode("inputs"), out var i)
                    ? [.. ((YamlMappingNode)i).Children.Select(c => (((YamlScalarNode)c.Key).Value!, ((YamlScalarNode)c.Value).Value!))]
                    : [])));
    }

    private static IEnumerable<YamlMappingNode> Mappings(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.Values.SelectMany(Mappings).Prepend(mapping),
        YamlSequenceNode sequence => sequence.Children.SelectMany(Mappings),
        _ => [],
    };
}
