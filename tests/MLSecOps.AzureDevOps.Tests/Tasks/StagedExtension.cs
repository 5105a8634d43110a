using MLSecOps.TestKit;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>The extension laid out once per test run by tasks/build-extension.mjs: five task folders, each with the
/// bundled runner and the real CLI build, exactly as they go into the .vsix.</summary>
internal sealed class StagedExtension
{
    private static readonly Lazy<StagedExtension> s_instance = new(Stage);
    private static readonly Lock s_install = new();

    private StagedExtension(string folder, string version)
    {
        Folder = folder;
        Version = version;
    }

    public static StagedExtension Instance
    {
        get
        {
            NodeTools.RequireNodeModules();
            return s_instance.Value;
        }
    }

    public string Folder { get; }

    public string Version { get; }

    /// <summary>Gets the folder the agent installs the tasks into: a copy of the staged task files, so the CLI copies
    /// the runner unpacks beside them never reach the staged folder that is packed.</summary>
    public string AgentFolder => Folder + "-agent";

    /// <summary>Returns the task as the agent installed it (copied from the staged folder on first use).</summary>
    public string Task(string name)
    {
        var installed = Path.Combine(AgentFolder, name);
        lock (s_install)
        {
            if (!Directory.Exists(installed))
            {
                Directory.CreateDirectory(installed);
                foreach (var file in Directory.EnumerateFiles(Staged(name)))
                {
                    File.Copy(file, Path.Combine(installed, Path.GetFileName(file)));
                }
            }
        }

        return installed;
    }

    /// <summary>Returns the staged task folder, as it goes into the .vsix.</summary>
    public string Staged(string name) => Path.Combine(Folder, name);

    /// <summary>Deletes the staged folder and the agent's copy if a test staged them.</summary>
    public static void DeleteIfStaged()
    {
        if (!s_instance.IsValueCreated)
        {
            return;
        }

        foreach (var folder in new[] { s_instance.Value.Folder, s_instance.Value.AgentFolder }.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static StagedExtension Stage()
    {
        var folder = Path.Combine(Path.GetTempPath(), "mlsecops-extension-" + Guid.NewGuid().ToString("N"));
        var version = NodeTools.CliVersion();
        var (code, stdout, stderr) = NodeTools.Run(NodeTools.Node, [Path.Combine(FixturePaths.RepositoryRoot, "tasks", "build-extension.mjs"), "stage", "--cli", NodeTools.CliBuild, "--version", version, "--out", folder]);
        Assert.That(code, Is.Zero, stdout + stderr);
        return new StagedExtension(folder, version);
    }
}
