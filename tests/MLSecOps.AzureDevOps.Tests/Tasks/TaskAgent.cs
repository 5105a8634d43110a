using System.Text.Json.Nodes;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>Runs a task folder's index.js under Node with the environment an Azure Pipelines agent gives it: INPUT_*,
/// SYSTEM_*, BUILD_*, AGENT_TEMPDIRECTORY, TF_BUILD and the SystemVssConnection token, in a clean environment.</summary>
internal static class TaskAgent
{
    /// <summary>Runs the task in <paramref name="taskFolder"/> with the agent folder's s/ as sources and _temp/ as temp.</summary>
    /// <param name="taskFolder">A staged task folder (task.json, index.js, cli.tar.br).</param>
    /// <param name="agentFolder">The agent's work folder, with s/ and _temp/.</param>
    /// <param name="collectionUrl">The WireMock server standing in for the organisation.</param>
    /// <param name="token">The job token.</param>
    /// <param name="inputs">INPUT_* values; every other input takes its task.json default.</param>
    /// <param name="path">A folder put first on PATH.</param>
    /// <param name="withDotnet">Whether the real dotnet is on PATH.</param>
    /// <returns>The exit code and output of the runner.</returns>
    public static TaskRun Run(string taskFolder, string agentFolder, string collectionUrl, string token, Dictionary<string, string> inputs, string? path = null, bool withDotnet = true)
    {
        var folders = new List<string>();
        if (path is not null)
        {
            folders.Add(path);
        }

        if (withDotnet)
        {
            var dotnet = new FileInfo(NodeTools.Dotnet);
            folders.Add(Path.GetDirectoryName(dotnet.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet.FullName)!);
        }

        // Node runs by its full path, so PATH holds only what the test means the runner to find.
        var environment = new Dictionary<string, string>(AgentInputs(taskFolder, inputs))
        {
            ["PATH"] = string.Join(Path.PathSeparator, folders),
            ["HOME"] = agentFolder,
            ["DOTNET_CLI_HOME"] = agentFolder,
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["TF_BUILD"] = "True",
            ["AGENT_TEMPDIRECTORY"] = Path.Combine(agentFolder, "_temp"),
            ["BUILD_SOURCESDIRECTORY"] = Path.Combine(agentFolder, "s"),
            ["BUILD_BUILDID"] = "77",
            ["BUILD_REPOSITORY_ID"] = "repo-1",
            ["SYSTEM_COLLECTIONURI"] = collectionUrl + "/org/",
            ["SYSTEM_TEAMPROJECT"] = "proj",
            ["SYSTEM_PULLREQUEST_PULLREQUESTID"] = "42",
            ["SYSTEM_JOBID"] = "7c1d2e3f-0000-4000-8000-000000000001",
            ["ENDPOINT_AUTH_SYSTEMVSSCONNECTION"] = $"{{\"parameters\":{{\"AccessToken\":\"{token}\"}},\"scheme\":\"OAuth\"}}",
            ["ENDPOINT_AUTH_PARAMETER_SYSTEMVSSCONNECTION_ACCESSTOKEN"] = token,
        };
        var (code, stdout, stderr) = NodeTools.Run(NodeTools.Node, [Path.Combine(taskFolder, "index.js")], environment, Path.Combine(agentFolder, "s"), clearEnvironment: true);
        return new TaskRun(code, stdout, stderr);
    }

    /// <summary>Copies a folder tree.</summary>
    /// <param name="from">The folder to copy.</param>
    /// <param name="to">Where the copy goes.</param>
    public static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Returns INPUT_* as the agent sets them: every input of task.json, its default unless the test gives a value.</summary>
    private static Dictionary<string, string> AgentInputs(string taskFolder, Dictionary<string, string> given)
    {
        var inputs = new Dictionary<string, string>(given);
        foreach (var input in JsonNode.Parse(File.ReadAllText(Path.Combine(taskFolder, "task.json")))!["inputs"]!.AsArray())
        {
            var name = "INPUT_" + ((string)input!["name"]!).ToUpperInvariant();
            if (!inputs.ContainsKey(name) && input["defaultValue"] is { } value)
            {
                inputs[name] = value.ToString();
            }
        }

        return inputs;
    }
}

/// <summary>What a task run printed: its logging commands and task results.</summary>
/// <param name="ExitCode">The runner's exit code.</param>
/// <param name="Out">Its standard output.</param>
/// <param name="Error">Its standard error.</param>
internal sealed record TaskRun(int ExitCode, string Out, string Error)
{
    /// <summary>Gets the ##vso logging commands, in order.</summary>
    public IReadOnlyList<string> Commands => [.. Out.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("##vso[", StringComparison.Ordinal))];

    /// <summary>Gets the task.complete commands.</summary>
    public IReadOnlyList<string> Results => [.. Commands.Where(c => c.StartsWith("##vso[task.complete", StringComparison.Ordinal))];
}
