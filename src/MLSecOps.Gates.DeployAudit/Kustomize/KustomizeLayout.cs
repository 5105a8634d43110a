using MLSecOps.Core.Gates;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Kustomize;

/// <summary>
/// What the repository's kustomization files say about its YAML: which files are patches (listed under
/// <c>patches</c>, <c>patchesStrategicMerge</c> or <c>patchesJson6902</c>) and which resources each kustomization builds from.
/// </summary>
internal sealed class KustomizeLayout
{
    /// <summary>Kustomization files larger than this are not read (a real one is a few KiB).</summary>
    private const long MaxKustomizationBytes = 1024 * 1024;

    private static readonly string[] s_fileNames = ["kustomization.yaml", "kustomization.yml", "Kustomization"];

    private readonly HashSet<string> _patches;

    private readonly HashSet<string> _folders;

    private readonly HashSet<string> _composed;

    private KustomizeLayout(HashSet<string> patches, IReadOnlyList<Kustomization> kustomizations)
    {
        _patches = patches;
        Kustomizations = kustomizations;
        _folders = kustomizations.Select(k => k.Folder).ToHashSet(StringComparer.Ordinal);
        _composed = kustomizations.SelectMany(k => k.Resources.Concat(k.Patches)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Gets a layout with no kustomization files.</summary>
    public static KustomizeLayout Empty { get; } = new([], []);

    /// <summary>Gets every kustomization read.</summary>
    public IReadOnlyList<Kustomization> Kustomizations { get; }

    /// <summary>Reads every kustomization file among <paramref name="files"/>; one that cannot be read adds nothing (the file itself is still audited as YAML).</summary>
    public static KustomizeLayout Read(IReadOnlyList<ScanFile> files)
    {
        var reader = new BoundedYamlReader(YamlLimits.Default);
        var patches = new HashSet<string>(StringComparer.Ordinal);
        var kustomizations = new List<Kustomization>();
        foreach (var file in files.Where(f => IsKustomization(f.RelativePath) && f.Length <= MaxKustomizationBytes))
        {
            string text;
            try
            {
                text = File.ReadAllText(file.FullPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (reader.Read(text).Documents.FirstOrDefault()?.Root is not YMap root)
            {
                continue;
            }

            var dir = Folder(file.RelativePath);
            var listed = PatchFiles(root).Select(p => Resolve(dir, p)).OfType<string>().ToList();
            patches.UnionWith(listed);
            var resources = (root.Seq("resources")?.Items ?? []).Concat(root.Seq("bases")?.Items ?? [])
                .OfType<YScalar>().Select(s => Resolve(dir, s.Value)).OfType<string>().ToList();
            var images = (root.Seq("images")?.Items ?? []).OfType<YMap>().Where(i => i.Text("name") is not null)
                .Select(i => new ImageOverride(i.Text("name")!, i.Text("newName"), i.Text("newTag"), i.Text("digest"))).ToList();
            kustomizations.Add(new Kustomization(file.RelativePath, dir, resources, listed) { Images = images });
        }

        return new KustomizeLayout(patches, kustomizations);
    }

    /// <summary>Returns whether <paramref name="path"/> names a kustomization file.</summary>
    public static bool IsKustomization(string path) => Array.IndexOf(s_fileNames, Path.GetFileName(path)) >= 0;

    /// <summary>Returns whether some kustomization names the file at <paramref name="path"/> as a resource or a patch (so overlay credit composes it).</summary>
    public bool Composes(string path) => _composed.Contains(path);

    /// <summary>
    /// Returns whether the repository-relative <paramref name="path"/> is listed as a patch by some kustomization, or is named
    /// as one (<c>*patch*.yaml</c>, the kubebuilder scaffold) beside a kustomization that has it commented out or in an inactive overlay.
    /// </summary>
    public bool IsPatch(string path) =>
        _patches.Contains(path) || (Path.GetFileName(path).Contains("patch", StringComparison.OrdinalIgnoreCase) && _folders.Contains(Folder(path)));

    private static IEnumerable<string> PatchFiles(YMap root)
    {
        foreach (var item in root.Seq("patchesStrategicMerge")?.Items ?? [])
        {
            // An item is a file path, or an inline patch (a block scalar holding YAML), which is no file.
            if (item is YScalar { IsBlock: false } s && !s.Value.Contains('\n', StringComparison.Ordinal))
            {
                yield return s.Value;
            }
        }

        foreach (var key in new[] { "patches", "patchesJson6902" })
        {
            foreach (var item in root.Seq(key)?.Items ?? [])
            {
                if (item is YMap map && map.Text("path") is { } path)
                {
                    yield return path;
                }
                else if (item is YScalar { IsBlock: false } s && !s.Value.Contains('\n', StringComparison.Ordinal))
                {
                    yield return s.Value;
                }
            }
        }
    }

    private static string Folder(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path[..slash];
    }

    /// <summary>Resolves <paramref name="relative"/> against <paramref name="dir"/>; null for URLs and for paths that leave the repository.</summary>
    private static string? Resolve(string dir, string relative)
    {
        if (relative.Contains("://", StringComparison.Ordinal) || relative.StartsWith('/') || relative.StartsWith("github.com/", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = new List<string>(dir.Length == 0 ? [] : dir.Split('/'));
        foreach (var part in relative.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
            }
            else
            {
                parts.Add(part);
            }
        }

        return string.Join('/', parts);
    }
}

/// <summary>One kustomization file: its folder, the resources it builds from (files or folders) and its patch files.</summary>
/// <param name="Path">The kustomization file.</param>
/// <param name="Folder">Its folder.</param>
/// <param name="Resources">Its resources and bases, repository-relative (files or folders).</param>
/// <param name="Patches">Its patch files, repository-relative.</param>
internal sealed record Kustomization(string Path, string Folder, IReadOnlyList<string> Resources, IReadOnlyList<string> Patches)
{
    /// <summary>Gets the kustomization's <c>images</c> transformer entries.</summary>
    public IReadOnlyList<ImageOverride> Images { get; init; } = [];
}

/// <summary>One <c>images</c> entry: containers whose image name is <paramref name="Name"/> get the new name, tag or digest.</summary>
/// <param name="Name">The image name matched (without tag).</param>
/// <param name="NewName">The replacement name, if any.</param>
/// <param name="NewTag">The replacement tag, if any.</param>
/// <param name="Digest">The replacement digest, if any.</param>
internal sealed record ImageOverride(string Name, string? NewName, string? NewTag, string? Digest);
