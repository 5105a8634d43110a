using System.IO.Compression;
using MLSecOps.TestKit;

namespace MLSecOps.AzureDevOps.Tests.Tasks;

/// <summary>
/// The staged extension packs into a .vsix with tfx, within 50 MiB. Azure DevOps Server accepts 25 MB by default; five
/// tasks each bundling the CLI with the data-check libraries need about 44 MB (docs/azure-devops.md).
/// </summary>
public sealed class ExtensionPackTests
{
    /// <summary>Azure DevOps Server's default maximum package size (26,214,400 bytes).</summary>
    private const long MaxPackageBytes = 50L * 1024 * 1024;

    [Test]
    public void Pack_StagedExtension_IsWithin50MebibytesAndHoldsEveryTaskWithItsRunnerAndCli()
    {
        // Given the staged extension
        var staged = StagedExtension.Instance;
        using var output = new TempDirectory();
        var vsix = Path.Combine(output.Path, "mlsecops.vsix");

        // When tfx packs it
        var (code, stdout, stderr) = NodeTools.Run(NodeTools.Node, [Path.Combine(FixturePaths.RepositoryRoot, "tasks", "build-extension.mjs"), "pack", "--staging", staged.Folder, "--out", vsix]);

        // Then the package is small enough and each task folder has what the agent runs
        Assert.That(code, Is.Zero, stdout + stderr);
        Assert.That(new FileInfo(vsix).Length, Is.LessThan(MaxPackageBytes));
        using var zip = ZipFile.OpenRead(vsix);
        var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        foreach (var task in new[] { "MLSecOpsScan", "MLSecOpsDesignReview", "MLSecOpsDataCheck", "MLSecOpsModelScan", "MLSecOpsDeployAudit" })
        {
            Assert.That(names, Is.SupersetOf(new[] { $"{task}/task.json", $"{task}/index.js", $"{task}/mlsecops-task.json", $"{task}/cli/mlsecops.dll", $"{task}/cli/mlsecops.runtimeconfig.json" }));
        }

        Assert.That(names.Where(n => n.EndsWith(".pdb", StringComparison.Ordinal) || n.Contains("/node_modules/", StringComparison.Ordinal)), Is.Empty);
        // Extension and task versions are MAJOR.MINOR.PATCH: a pre-release build (1.0.1-alpha.0.3) packs as 1.0.1.
        Assert.That(stdout, Does.Contain($"Extension Version: {staged.Version.Split('-', '+')[0]}"));
    }
}
