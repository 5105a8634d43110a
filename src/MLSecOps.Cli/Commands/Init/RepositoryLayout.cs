using MLSecOps.Core.Files;
using MLSecOps.Gates.DesignReview.Repository;

namespace MLSecOps.Cli.Commands.Init;

/// <summary>What <c>init</c> finds in a repository: where models, data and serving configurations really live, and which CI it uses.</summary>
/// <param name="ModelFolders">Folders holding model files (<c>.</c> for the root).</param>
/// <param name="DataFolders">Folders holding data files.</param>
/// <param name="ModelGlobs">Policy globs covering the model files.</param>
/// <param name="DataGlobs">Policy globs covering the data files.</param>
/// <param name="ServingGlobs">Policy globs covering Dockerfiles, compose files, Kubernetes manifests and model-server configs.</param>
/// <param name="Platform">github or azure.</param>
/// <param name="PlatformReason">Why that platform was chosen.</param>
internal sealed record RepositoryLayout(
    IReadOnlyList<string> ModelFolders,
    IReadOnlyList<string> DataFolders,
    IReadOnlyList<string> ModelGlobs,
    IReadOnlyList<string> DataGlobs,
    IReadOnlyList<string> ServingGlobs,
    string Platform,
    string PlatformReason)
{
    private const int ManifestSniffBytes = 4096;

    /// <summary>Looks at the files of a folder (git-ignored files left out) and its git remote.</summary>
    /// <param name="folder">The repository folder.</param>
    /// <returns>The layout.</returns>
    public static RepositoryLayout Detect(string folder)
    {
        var files = FileDiscovery.Discover(folder, folder).Files.Where(f => !f.RelativePath.StartsWith(".git/", StringComparison.Ordinal)).ToList();
        var models = files.Where(f => ArtifactClassifier.Classify(f.RelativePath) == ArtifactKind.Model).Select(f => f.RelativePath).ToList();
        var data = files.Where(f => ArtifactClassifier.Classify(f.RelativePath) == ArtifactKind.Data).Select(f => f.RelativePath).ToList();
        var serving = files.Where(f => ArtifactClassifier.Classify(f.RelativePath) == ArtifactKind.Serving || IsManifest(f.FullPath, f.RelativePath))
            .Select(f => f.RelativePath).ToList();
        var (platform, reason) = DetectPlatform(folder);
        return new RepositoryLayout(Folders(models), Folders(data), TopFolderGlobs(models), TopFolderGlobs(data), GlobsOfServing(serving), platform, reason);
    }

    private static List<string> Folders(IEnumerable<string> paths) =>
        [.. paths.Select(p => p.LastIndexOf('/') is var i and > 0 ? p[..i] : ".").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>A file at the root is named exactly; anything deeper is covered by its top-level folder.</summary>
    private static List<string> TopFolderGlobs(IEnumerable<string> paths) =>
        [.. paths.Select(p => p.IndexOf('/', StringComparison.Ordinal) is var i and > 0 ? p[..i] + "/**" : p).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static List<string> GlobsOfServing(IEnumerable<string> paths) =>
        [.. paths.Select(ServingGlob).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string ServingGlob(string path)
    {
        var slash = path.LastIndexOf('/');
        var folder = slash > 0 ? path[..slash] : "";
        var name = path[(slash + 1)..];
        var extension = Path.GetExtension(name);
        if (name.StartsWith("Dockerfile", StringComparison.Ordinal))
        {
            return folder.Length == 0 ? "Dockerfile*" : folder + "/Dockerfile*";
        }

        if (extension is ".yaml" or ".yml" && folder.Length > 0 && !name.StartsWith("docker-compose", StringComparison.OrdinalIgnoreCase) && name is not ("compose.yml" or "compose.yaml"))
        {
            var top = folder.Split('/')[0];
            return $"{top}/**/*{extension}";
        }

        return path;
    }

    private static bool IsManifest(string fullPath, string relativePath)
    {
        if (Path.GetExtension(relativePath) is not (".yaml" or ".yml") || relativePath.StartsWith(".github/", StringComparison.Ordinal))
        {
            return false;
        }

        try
        {
            using var stream = File.OpenRead(fullPath);
            var buffer = new byte[ManifestSniffBytes];
            var read = stream.Read(buffer, 0, buffer.Length);
            var head = System.Text.Encoding.UTF8.GetString(buffer, 0, read);
            return head.Contains("apiVersion:", StringComparison.Ordinal) && head.Contains("kind:", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static (string Platform, string Reason) DetectPlatform(string folder)
    {
        if (File.Exists(Path.Combine(folder, "azure-pipelines.yml")) || Directory.Exists(Path.Combine(folder, ".azuredevops")))
        {
            return ("azure", "azure-pipelines.yml found");
        }

        if (Directory.Exists(Path.Combine(folder, ".github")))
        {
            return ("github", ".github/ found");
        }

        var config = Path.Combine(folder, ".git", "config");
        var remote = File.Exists(config) && new FileInfo(config).Length < 1024 * 1024 ? File.ReadAllText(config) : "";
        if (remote.Contains("dev.azure.com", StringComparison.OrdinalIgnoreCase) || remote.Contains("visualstudio.com", StringComparison.OrdinalIgnoreCase))
        {
            return ("azure", "the git remote is on Azure DevOps");
        }

        return remote.Contains("github.com", StringComparison.OrdinalIgnoreCase)
            ? ("github", "the git remote is on GitHub")
            : ("github", "no CI detected; GitHub Actions is the default (pass --ci azure for Azure Pipelines)");
    }
}
