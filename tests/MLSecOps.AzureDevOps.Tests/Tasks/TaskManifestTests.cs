using System.Text.Json.Nodes;
using Json.Schema;
using MLSecOps.Cli;
using MLSecOps.TestKit;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>The committed task.json files and vss-extension.json: valid against their schemas, fresh from
/// tasks/generate-tasks.mjs, and with exactly the inputs the CLI maps.</summary>
public sealed class TaskManifestTests
{
    private static readonly string[] s_tasks = ["MLSecOpsScan", "MLSecOpsDesignReview", "MLSecOpsDataCheck", "MLSecOpsModelScan", "MLSecOpsDeployAudit"];

    private static readonly Lazy<JsonSchema> s_taskSchema = new(() => JsonSchema.FromText(AsDraft07(File.ReadAllText(FixturePaths.Schema("azure-pipelines-task.json")))));

    private static readonly Lazy<JsonSchema> s_extensionSchema = new(() => JsonSchema.FromFile(FixturePaths.Schema("vss-extension.json")));

    private static string TasksFolder => Path.Combine(FixturePaths.RepositoryRoot, "tasks");

    [TestCaseSource(nameof(s_tasks))]
    public void TaskJson_IsValidAgainstTheTaskSchema(string task)
    {
        var json = Task(task);

        var result = s_taskSchema.Value.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [TestCaseSource(nameof(s_tasks))]
    public void TaskJson_HasBothNodeHandlersGroupedHelpedInputsAndTheFourOutputVariables(string task)
    {
        var json = Task(task);

        Assert.That(json["execution"]!.AsObject().Select(h => (h.Key, (string?)h.Value!["target"])), Is.EqualTo(new[] { ("Node20_1", "index.js"), ("Node24", "index.js") }));
        Assert.That(json["outputVariables"]!.AsArray().Select(o => (string?)o!["name"]), Is.EqualTo(new[] { "decision", "findings", "blocking", "sarifFile" }));
        var inputs = json["inputs"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.That(inputs.Where(i => (string?)i["name"] != "gate").Select(i => (string?)i["groupName"]), Has.All.Not.Null);
        Assert.That(inputs.Select(i => (string?)i["helpMarkDown"]), Has.All.Not.Empty);
        Assert.That(((string)json["friendlyName"]!).Length, Is.LessThanOrEqualTo(40));
        Assert.That(json["version"]!.ToJsonString(), Is.EqualTo(Task("MLSecOpsScan")["version"]!.ToJsonString()), "every task carries the product's one version");
    }

    [TestCaseSource(nameof(s_tasks))]
    public void TaskInputs_EqualTheOptionsTheCliMaps(string task)
    {
        // Given the task's inputs other than the verb and PATH, in the CLI's kebab case (failOn -> --fail-on)
        var inputs = Task(task)["inputs"]!.AsArray().Select(i => (string)i!["name"]!).Where(n => n is not ("gate" or "path"))
            .Select(n => "--" + string.Concat(n.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()))).ToList();

        // Then they are exactly the options the CLI documents for the tasks
        Assert.That(inputs, Is.EquivalentTo(CliApplication.AzureTaskInputOptions));
    }

    [Test]
    public async Task AzureTaskInputOptions_AreAcceptedByEveryScanVerbWithTheTaskDefaults()
    {
        // Given every task option with its default value
        using var workspace = new TempDirectory();
        workspace.Write("README.md", "clean\n");
        var defaults = Task("MLSecOpsModelScan")["inputs"]!.AsArray().ToDictionary(i => (string)i!["name"]!, i => i!["defaultValue"]?.ToString() ?? "");
        string[] values = ["", "high", "", "1/1", Path.Combine(workspace.Path, "out.sarif"), defaults["publishSarif"], defaults["annotations"], defaults["prStatus"], defaults["prThreads"], defaults["prThreadLimit"]];
        var args = CliApplication.AzureTaskInputOptions.Zip(values).Where(p => p.Second.Length > 0).SelectMany(p => new[] { p.First, p.Second }).ToList();

        foreach (var verb in new[] { "scan", "design-review", "data-check", "model-scan", "deploy-audit" })
        {
            // When the CLI parses them
            using var stdout = new StringWriter();
            using var stderr = new StringWriter();
            var host = new CliHost { Environment = new Dictionary<string, string>(), Out = stdout, Error = stderr, WorkingDirectory = workspace.Path };
            var code = await CliApplication.RunAsync([verb, ".", .. args, "--platform", "none"], host);

            // Then it runs the scan rather than rejecting an option
            Assert.That(code, Is.AnyOf(0, 1), $"{verb}: {stderr}");
        }
    }

    [Test]
    public async Task PrThreadLimit_Negative_IsAUsageErrorNamingTheOption()
    {
        using var workspace = new TempDirectory();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var host = new CliHost { Environment = new Dictionary<string, string>(), Out = stdout, Error = stderr, WorkingDirectory = workspace.Path };

        var code = await CliApplication.RunAsync(["model-scan", ".", "--pr-thread-limit", "-1", "--platform", "none"], host);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(stderr.ToString().TrimEnd(), Does.StartWith("mlsecops: --pr-thread-limit must be 0 or more"));
    }

    [Test]
    public void ExtensionManifest_IsValidAgainstItsSchemaAndListsEveryTaskForServicesAndServer()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(TasksFolder, "vss-extension.json")))!;

        var result = s_extensionSchema.Value.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.That(result.IsValid, Is.True, string.Join("\n", result.Details.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        Assert.That(json["targets"]!.AsArray().Select(t => (string?)t!["id"]), Is.EqualTo(new[] { "Microsoft.VisualStudio.Services" }));
        Assert.That(json["contributions"]!.AsArray().Select(c => (string?)c!["properties"]!["name"]), Is.EquivalentTo(s_tasks));
        Assert.That((string?)json["version"], Is.EqualTo(string.Join('.', new[] { "Major", "Minor", "Patch" }.Select(k => (int)Task("MLSecOpsScan")["version"]![k]!))));
    }

    // The committed files carry the version they were generated with; the packed extension is stamped with the product's
    // version at build time (StagedExtension), so a new commit or tag (MinVer) never makes these stale.
    [Test]
    public void GeneratedFiles_AreFreshForTheirVersion()
    {
        NodeTools.RequireNodeModules();
        var version = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(TasksFolder, "vss-extension.json")))!["version"]!;

        var (code, stdout, stderr) = NodeTools.Run(NodeTools.Node, [Path.Combine(TasksFolder, "generate-tasks.mjs"), "--version", version, "--check"]);

        Assert.That(code, Is.Zero, $"{stdout}{stderr}");
    }

    private static JsonNode Task(string task) => JsonNode.Parse(File.ReadAllText(Path.Combine(TasksFolder, task, "task.json")))!;

    /// <summary>The task schema is draft-04, which JsonSchema.Net does not read; it uses nothing draft-07 reads differently
    /// except the spelling of its own id.</summary>
    private static string AsDraft07(string schema) => schema
        .Replace("\"$schema\": \"http://json-schema.org/draft-04/schema\"", "\"$schema\": \"http://json-schema.org/draft-07/schema#\"", StringComparison.Ordinal)
        .Replace("\n  \"id\": ", "\n  \"$id\": ", StringComparison.Ordinal);
}
