using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json.Nodes;
using MLSecOps.TestKit;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>
/// The staged extension packs into a .vsix with tfx, under 25 MB (Azure DevOps Server's default limit): each task carries
/// its CLI as cli.tar.br, and a per-gate task only the libraries its gate loads (docs/azure-devops.md).
/// </summary>
public sealed class ExtensionPackTests
{
    /// <summary>Azure DevOps Server's default maximum extension size is 25 MB; this stays under it in decimal megabytes.</summary>
    private const long MaxPackageBytes = 25_000_000;

    private static readonly string[] Tasks = ["MLSecOpsScan", "MLSecOpsDesignReview", "MLSecOpsDataCheck", "MLSecOpsModelScan", "MLSecOpsDeployAudit"];

    /// <summary>A library each gate alone needs: the other per-gate tasks leave it out.</summary>
    private static readonly Dictionary<string, string[]> OwnLibraries = new()
    {
        ["MLSecOpsDesignReview"] = ["Markdig.dll", "JsonSchema.Net.dll"],
        ["MLSecOpsDataCheck"] = ["PhoneNumbers.dll", "Snappier.dll", "K4os.Compression.LZ4.dll", "Apache.Arrow.dll", "Sep.dll"],
        ["MLSecOpsModelScan"] = ["PureHDF.dll"],
        ["MLSecOpsDeployAudit"] = [],
    };

    [Test]
    public void Pack_StagedExtension_IsUnder25MegabytesAndHoldsEveryTaskWithItsRunnerAndCliArchive()
    {
        // Given the staged extension
        var staged = StagedExtension.Instance;
        using var output = new TempDirectory();
        var vsix = Path.Combine(output.Path, "mlsecops.vsix");

        // When tfx packs it
        var (code, stdout, stderr) = NodeTools.Run(NodeTools.Node, [Path.Combine(FixturePaths.RepositoryRoot, "tasks", "build-extension.mjs"), "pack", "--staging", staged.Folder, "--out", vsix]);

        // Then the package is small enough and each task folder has what the agent runs
        Assert.That(code, Is.Zero, stdout + stderr);
        using var zip = ZipFile.OpenRead(vsix);
        foreach (var task in Tasks)
        {
            TestContext.Out.WriteLine($"{task}: {zip.Entries.Where(e => e.FullName.StartsWith(task + "/", StringComparison.Ordinal)).Sum(e => e.CompressedLength):N0} bytes packed");
        }

        Assert.That(new FileInfo(vsix).Length, Is.LessThan(MaxPackageBytes));
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var task in Tasks)
        {
            Assert.That(names, Is.SupersetOf(new[] { $"{task}/task.json", $"{task}/index.js", $"{task}/mlsecops-task.json", $"{task}/cli.tar.br" }));
        }

        Assert.That(names.Where(n => n.EndsWith(".pdb", StringComparison.Ordinal) || n.Contains("/node_modules/", StringComparison.Ordinal) || n.Contains("/cli/", StringComparison.Ordinal)), Is.Empty);
        // Extension and task versions are MAJOR.MINOR.PATCH: a pre-release build (1.0.1-alpha.0.3) packs as 1.0.1.
        Assert.That(stdout, Does.Contain($"Extension Version: {staged.Version.Split('-', '+')[0]}"));
    }

    [Test]
    public void Stage_CliArchives_HoldEveryGateAssemblyButOnlyTheirOwnGatesLibraries()
    {
        var staged = StagedExtension.Instance;
        var contents = Tasks.ToDictionary(task => task, task => ArchiveNames(staged.Staged(task)));

        // Every copy keeps every gate's own assembly (the policy loader needs their rules and settings), runs, and lists only what it holds
        foreach (var (task, names) in contents)
        {
            Assert.That(names, Is.SupersetOf(new[] { "mlsecops.dll", "mlsecops.deps.json", "mlsecops.runtimeconfig.json", "MLSecOps.Gates.DesignReview.dll", "MLSecOps.Gates.DataCheck.dll", "MLSecOps.Gates.ModelScan.dll", "MLSecOps.Gates.DeployAudit.dll", "Sarif.dll", "YamlDotNet.dll" }), task);
            Assert.That(names, Has.None.EndsWith(".pdb").And.None.EndsWith(".xml"), task);
            Assert.That(DepsRuntimeFiles(staged.Staged(task)), Is.EquivalentTo(names.Where(n => n.EndsWith(".dll", StringComparison.Ordinal))), task);
        }

        // The umbrella keeps every gate's libraries; a per-gate task leaves out the other gates' ones
        Assert.That(contents["MLSecOpsScan"], Is.SupersetOf(OwnLibraries.Values.SelectMany(l => l)));
        foreach (var (task, own) in OwnLibraries)
        {
            Assert.That(contents[task], Is.SupersetOf(own), task);
            Assert.That(contents[task].Intersect(OwnLibraries.Where(o => o.Key != task).SelectMany(o => o.Value)), Is.Empty, task);
        }
    }

    private static List<string> ArchiveNames(string taskFolder)
    {
        using var file = File.OpenRead(Path.Combine(taskFolder, "cli.tar.br"));
        using var brotli = new BrotliStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(brotli);
        var names = new List<string>();
        while (reader.GetNextEntry() is { } entry)
        {
            Assert.That(entry.EntryType, Is.EqualTo(TarEntryType.RegularFile), entry.Name);
            names.Add(entry.Name);
        }

        return names;
    }

    private static IEnumerable<string> DepsRuntimeFiles(string taskFolder)
    {
        using var file = File.OpenRead(Path.Combine(taskFolder, "cli.tar.br"));
        using var brotli = new BrotliStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(brotli);
        while (reader.GetNextEntry() is { } entry)
        {
            if (entry.Name == "mlsecops.deps.json")
            {
                var deps = JsonNode.Parse(entry.DataStream!)!;
                var target = deps["targets"]![(string)deps["runtimeTarget"]!["name"]!]!.AsObject();
                return [.. target.SelectMany(library => library.Value!["runtime"]?.AsObject().Select(asset => Path.GetFileName(asset.Key)) ?? [])];
            }
        }

        throw new AssertionException("cli.tar.br holds no mlsecops.deps.json");
    }
}
