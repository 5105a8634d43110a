using MLSecOps.TestKit;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>The extension laid out once per test run by tasks/build-extension.mjs: five task folders, each with the
/// bundled runner and the real CLI build, exactly as they go into the .vsix.</summary>
internal sealed class StagedExtension
{
    private static readonly Lazy<StagedExtension> s_instance = new(Stage);

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

    public string Task(string name) => Path.Combine(Folder, name);

    /// <summary>Deletes the staged folder if a test staged it.</summary>
    public static void DeleteIfStaged()
    {
        if (s_instance.IsValueCreated && Directory.Exists(s_instance.Value.Folder))
        {
            Directory.Delete(s_instance.Value.Folder, recursive: true);
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
