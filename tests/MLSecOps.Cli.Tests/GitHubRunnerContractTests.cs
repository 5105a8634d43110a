using MLSecOps.TestKit;
using YamlDotNet.RepresentationModel;

namespace MLSecOps.Cli.Tests;

/// <summary>The CLI run with the environment a GitHub docker action gets, and the action.yml files checked against what the CLI reads.</summary>
public sealed class GitHubRunnerContractTests
{
    private static readonly string[] s_actionFiles =
    [
        "action.yml",
        "actions/design-review/action.yml",
        "actions/data-check/action.yml",
        "actions/model-scan/action.yml",
        "actions/deploy-audit/action.yml",
    ];

    [Test]
    public async Task Scan_AsDockerAction_WritesAnnotationsOutputsAndSummary()
    {
        // Given the workspace, env files and pull_request payload the runner mounts, and hyphenated inputs
        using var workspace = new TempDirectory();
        workspace.Write("data/a.csv", "ok\nBAD one\n");
        workspace.Write("data/a%0A::error::x.csv", "BAD two\n");
        workspace.Copy(FixturePaths.Of("github/pull_request_event.json"), "_runner/event.json");
        var output = Path.Combine(workspace.Path, "_runner/output");
        var summary = Path.Combine(workspace.Path, "_runner/summary.md");
        var environment = new Dictionary<string, string>
        {
            ["GITHUB_ACTIONS"] = "true",
            ["CI"] = "true",
            ["GITHUB_WORKSPACE"] = workspace.Path,
            ["GITHUB_EVENT_NAME"] = "pull_request",
            ["GITHUB_EVENT_PATH"] = Path.Combine(workspace.Path, "_runner/event.json"),
            ["GITHUB_REPOSITORY"] = "acme/fraud-model",
            ["GITHUB_OUTPUT"] = output,
            ["GITHUB_STEP_SUMMARY"] = summary,
            ["INPUT_FAIL-ON"] = "high",
            ["INPUT_SARIF"] = "mlsecops-data-check.sarif",
            ["INPUT_UPLOAD-SARIF"] = "false",
            ["INPUT_CHECK-RUN"] = "false",
            ["INPUT_POLICY"] = "",
        };

        // When the action runs `data-check .`
        var run = await CliRun.InvokeAsync(workspace.Path, environment, [new TestGate { DefaultPaths = ["data/**"] }], "data-check", ".");

        // Then it blocks, annotates every finding with escaped properties, and fills outputs and summary
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Out, Does.Contain("::error file=data/a.csv,line=2,title=DAT999%3A Test marker found::"));
        Assert.That(run.Out, Does.Contain("::error file=data/a%250A%3A%3Aerror%3A%3Ax.csv,line=1,"));
        Assert.That(run.Out.Split('\n'), Has.None.StartsWith("::error::x"));
        Assert.That(File.ReadAllText(output), Does.Contain("decision=fail").And.Contain("blocking=2").And.Contain("sarif-file=mlsecops-data-check.sarif"));
        Assert.That(File.ReadAllText(summary), Does.Contain("MLSecOps Gates: FAIL"));
        Assert.That(File.Exists(Path.Combine(workspace.Path, "mlsecops-data-check.sarif")), Is.True);
    }

    [Test]
    public async Task Scan_ExplicitArgumentBeatsInput()
    {
        using var workspace = new TempDirectory();
        workspace.Write("data/a.csv", "BAD\n");
        var environment = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["INPUT_FAIL-ON"] = "high" };

        var run = await CliRun.InvokeAsync(workspace.Path, environment, [new TestGate()], "scan", ".", "--fail-on", "none", "--platform", "none");

        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
    }

    [TestCaseSource(nameof(s_actionFiles))]
    public void ActionInputs_MatchWhatTheCliReads(string actionFile)
    {
        // Given the action's inputs
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(FixturePaths.RepositoryRoot, actionFile)))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var inputs = ((YamlMappingNode)root.Children[new YamlScalarNode("inputs")]).Children.Keys.Select(k => k.ToString()).ToList();

        // Then every input is an option the CLI maps from INPUT_*, or one the action passes itself (verb, path, token)
        var passedExplicitly = new[] { "gate", "path", "token" };
        var mapped = CliApplication.ActionInputOptions.Select(o => o.TrimStart('-')).ToList();
        Assert.That(inputs.Except(passedExplicitly), Is.EquivalentTo(mapped));
        Assert.That(inputs, Does.Contain("path").And.Contain("token"));
    }
}
