using System.Diagnostics;
using System.Text.Json.Nodes;
using MLSecOps.TestKit;
using YamlDotNet.RepresentationModel;

namespace MLSecOps.Cli.Tests.Container;

/// <summary>
/// Runs the built image the way the GitHub runner runs a docker action: workspace, file commands and event payload mounted,
/// INPUT_* from the action's defaults, GITHUB_* variables, the action's args, and no network.
/// Only <c>dotnet cake --target=ContainerTest</c> runs these (it builds the image and sets MLSECOPS_CONTAINER_IMAGE).
/// </summary>
[Category("Container")]
[NonParallelizable]
public sealed class DockerActionContainerTests
{
    private const string Token = "ghs_ContainerTestToken0123456789abcdefXYZ";

    [Test]
    public async Task Action_OnExampleRepository_BlocksThePullRequest()
    {
        // Given the example repository with its planted problems as the checked-out workspace of a pull request
        using var runner = new RunnerFolders();
        CopyDirectory(Path.Combine(FixturePaths.RepositoryRoot, "examples", "ml-repo"), runner.Workspace);

        // When the root action runs with its default inputs
        var run = await runner.RunActionAsync();

        // Then it blocks, annotates, fills the outputs and the summary, writes SARIF, and never prints the token
        Assert.That(run.ExitCode, Is.EqualTo(1), run.Error);
        Assert.That(run.Out, Does.Contain("::error file=models/"));
        Assert.That(runner.Outputs, Does.Contain("decision=fail").And.Contain("sarif-file=mlsecops.sarif"));
        Assert.That(runner.Summary, Does.Contain("FAIL"));
        var sarif = JsonNode.Parse(File.ReadAllText(Path.Combine(runner.Workspace, "mlsecops.sarif")))!;
        Assert.That((string?)sarif["version"], Is.EqualTo("2.1.0"));
        Assert.That(sarif["runs"]!.AsArray(), Has.Count.GreaterThanOrEqualTo(4));
        AssertTokenOnlyMasked(run.Out + run.Error + runner.Outputs + runner.Summary);
    }

    [Test]
    public async Task Action_OnCleanRepository_Passes()
    {
        // Given a workspace that holds nothing a gate objects to
        using var runner = new RunnerFolders();
        File.WriteAllText(Path.Combine(runner.Workspace, "README.md"), "# A project without models yet\n");

        // When the root action runs with its default inputs
        var run = await runner.RunActionAsync();

        // Then it passes and says so in the outputs and the summary
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Out + run.Error);
        Assert.That(runner.Outputs, Does.Contain("decision=pass").And.Contain("blocking=0"));
        Assert.That(runner.Summary, Does.Contain("PASS"));
        Assert.That(File.Exists(Path.Combine(runner.Workspace, "mlsecops.sarif")), Is.True);
        AssertTokenOnlyMasked(run.Out + run.Error);
    }

    // The one line that may carry the token is the command that tells the runner to mask it.
    private static void AssertTokenOnlyMasked(string output) =>
        Assert.That(output.Split('\n').Where(line => line.Contains(Token, StringComparison.Ordinal)), Is.All.EqualTo("::add-mask::" + Token));

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }

    /// <summary>The folders the runner mounts into the container, and the docker command that mounts them.</summary>
    private sealed class RunnerFolders : IDisposable
    {
        private readonly TempDirectory _root = new();

        public RunnerFolders()
        {
            foreach (var folder in new[] { "workspace", "file_commands", "workflow", "home" })
            {
                Directory.CreateDirectory(Path.Combine(_root.Path, folder));
            }

            File.Copy(FixturePaths.Of("github/pull_request_event.json"), Path.Combine(_root.Path, "workflow", "event.json"));
        }

        public string Workspace => Path.Combine(_root.Path, "workspace");

        public string Outputs => ReadCommandFile("set_output");

        public string Summary => ReadCommandFile("step_summary");

        public async Task<ProcessRun> RunActionAsync()
        {
            var image = Environment.GetEnvironmentVariable("MLSECOPS_CONTAINER_IMAGE");
            if (string.IsNullOrEmpty(image))
            {
                Assert.Ignore("MLSECOPS_CONTAINER_IMAGE is not set: run `dotnet cake --target=ContainerTest`, which builds the image.");
            }

            var (inputs, args) = ReadRootAction();
            var arguments = new List<string>
            {
                "run", "--rm", "--network", "none", "--workdir", "/github/workspace",
                "-v", $"{Workspace}:/github/workspace",
                "-v", $"{Path.Combine(_root.Path, "file_commands")}:/github/file_commands",
                "-v", $"{Path.Combine(_root.Path, "workflow")}:/github/workflow",
                "-v", $"{Path.Combine(_root.Path, "home")}:/github/home",
            };
            foreach (var (name, value) in inputs.Concat(GitHubVariables()))
            {
                arguments.Add("-e");
                arguments.Add($"{name}={value}");
            }

            arguments.Add(image!);
            arguments.AddRange(args);
            return await ProcessRun.StartAsync(Environment.GetEnvironmentVariable("MLSECOPS_DOCKER") ?? "docker", arguments);
        }

        public void Dispose() => _root.Dispose();

        // The runner evaluates each input's default and the args expressions; gate 'all' and path '.' give `scan .`.
        private static (List<(string Name, string Value)> Inputs, string[] Args) ReadRootAction()
        {
            var yaml = new YamlStream();
            using (var reader = new StreamReader(Path.Combine(FixturePaths.RepositoryRoot, "action.yml")))
            {
                yaml.Load(reader);
            }

            var root = (YamlMappingNode)yaml.Documents[0].RootNode;
            var inputs = new List<(string, string)>();
            foreach (var (key, value) in (YamlMappingNode)root["inputs"])
            {
                var name = ((YamlScalarNode)key).Value!;
                var defaultValue = ((YamlScalarNode)((YamlMappingNode)value)["default"]).Value ?? string.Empty;
                inputs.Add(("INPUT_" + name.ToUpperInvariant(), name == "token" ? Token : defaultValue));
            }

            var args = ((YamlSequenceNode)((YamlMappingNode)root["runs"])["args"]).Children.Count;
            Assert.That(args, Is.EqualTo(2), "the root action passes the verb and the path");
            return (inputs, ["scan", "."]);
        }

        private static IEnumerable<(string, string)> GitHubVariables() =>
        [
            ("GITHUB_ACTIONS", "true"),
            ("CI", "true"),
            ("HOME", "/github/home"),
            ("GITHUB_WORKSPACE", "/github/workspace"),
            ("GITHUB_EVENT_NAME", "pull_request"),
            ("GITHUB_EVENT_PATH", "/github/workflow/event.json"),
            ("GITHUB_OUTPUT", "/github/file_commands/set_output_1"),
            ("GITHUB_STEP_SUMMARY", "/github/file_commands/step_summary_1"),
            ("GITHUB_REPOSITORY", "acme/fraud-model"),
            ("GITHUB_REF", "refs/pull/7/merge"),
            ("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567"),
            ("GITHUB_API_URL", "https://api.github.com"),
            ("GITHUB_SERVER_URL", "https://github.com"),
            ("RUNNER_OS", "Linux"),
            ("RUNNER_TEMP", "/github/home"),
        ];

        private string ReadCommandFile(string prefix)
        {
            var path = Path.Combine(_root.Path, "file_commands", prefix + "_1");
            return File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        }
    }

    /// <summary>A finished child process with its exit code and both output streams.</summary>
    private sealed record ProcessRun(int ExitCode, string Out, string Error)
    {
        public static async Task<ProcessRun> StartAsync(string fileName, IEnumerable<string> arguments)
        {
            var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            await process.WaitForExitAsync(timeout.Token);
            return new ProcessRun(process.ExitCode, await stdout, await stderr);
        }
    }
}
