using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Kustomize;

/// <summary>
/// Composes strategic-merge patches with their bases where both are in the repository, for the common workload
/// fields: a key that a patch sets on a container (matched by name) or on the pod spec is present in the composed
/// resource, so an absent-key finding on the base for that key does not apply.
/// </summary>
/// <remarks>
/// Limits: JSON 6902 patches, <c>$patch: delete</c> directives, name prefixes/suffixes, components and remote bases
/// are not composed (their bases keep their findings); a patch is credited to every base resource of the same kind and name
/// reachable from its kustomization's resources.
/// </remarks>
internal sealed class OverlayCredit
{
    private const int MaxDepth = 8;

    private readonly Dictionary<string, HashSet<string>> _supplied;

    /// <summary>Container key paths (file, resource id, key path) whose image a kustomization's <c>images</c> transformer replaces.</summary>
    private readonly Dictionary<(string Path, string Subject, string KeyPath), ImageOverride> _images = [];

    private OverlayCredit(Dictionary<string, HashSet<string>> supplied) => _supplied = supplied;

    /// <summary>Builds the credit of every patch in <paramref name="layout"/> against the resources in <paramref name="views"/>.</summary>
    public static OverlayCredit Build(KustomizeLayout layout, IReadOnlyList<ManifestView> views)
    {
        var supplied = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (layout.Kustomizations.Count == 0)
        {
            return new OverlayCredit(supplied);
        }

        var credit = new OverlayCredit(supplied);
        var byFile = views.GroupBy(v => v.Manifest.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var byFolder = layout.Kustomizations.GroupBy(k => k.Folder, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var kustomization in layout.Kustomizations)
        {
            var bases = new List<ManifestView>();
            Collect(kustomization, byFile, byFolder, bases, new HashSet<string>(StringComparer.Ordinal), 0);
            foreach (var image in kustomization.Images)
            {
                foreach (var view in bases)
                {
                    foreach (var (site, _) in view.Containers.Where(c => c.Site.Image is { } i && ImageName(i) == image.Name))
                    {
                        credit._images[(view.Manifest.Path, view.Manifest.Id, site.KeyPath)] = image;
                    }
                }
            }

            foreach (var patch in kustomization.Patches.SelectMany(p => byFile.GetValueOrDefault(p) ?? []))
            {
                foreach (var target in bases.Where(b => b.Manifest.Kind == patch.Manifest.Kind && b.Manifest.Name == patch.Manifest.Name))
                {
                    var into = supplied.TryGetValue(target.Manifest.Path, out var set) ? set : supplied[target.Manifest.Path] = new HashSet<string>(StringComparer.Ordinal);
                    Credit(target, patch, into);
                }
            }
        }

        return credit;
    }

    /// <summary>
    /// Returns whether a Kustomize <c>images</c> transformer fixes what an image rule reported: a tag other than latest
    /// (DEP024), a digest (DEP024, DEP025, DEP026).
    /// </summary>
    public bool FixesImage(string rule, string path, string subject, string keyPath)
    {
        var container = keyPath.EndsWith(".image", StringComparison.Ordinal) ? keyPath[..^6]
            : keyPath.EndsWith(".imagePullPolicy", StringComparison.Ordinal) ? keyPath[..^16] : null;
        if (container is null || !_images.TryGetValue((path, subject, container), out var image))
        {
            return false;
        }

        var digest = image.Digest is { Length: > 0 };
        return rule switch
        {
            "DEP024" => digest || (image.NewTag is { Length: > 0 } tag && tag != "latest"),
            "DEP025" or "DEP026" => digest,
            _ => false,
        };
    }

    private static string ImageName(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var bare = at < 0 ? image : image[..at];
        var colon = bare.LastIndexOf(':');
        return colon > bare.LastIndexOf('/') ? bare[..colon] : bare;
    }

    /// <summary>Returns whether a patch supplies the absent key <paramref name="keyPath"/> of a resource in <paramref name="path"/>.</summary>
    public bool Supplies(string path, string keyPath)
    {
        if (!_supplied.TryGetValue(path, out var keys))
        {
            return false;
        }

        return keys.Any(s => s == keyPath || s.StartsWith(keyPath + ".", StringComparison.Ordinal) || keyPath.StartsWith(s + ".", StringComparison.Ordinal));
    }

    private static void Collect(Kustomization k, Dictionary<string, List<ManifestView>> byFile, Dictionary<string, Kustomization> byFolder, List<ManifestView> into, HashSet<string> seen, int depth)
    {
        if (depth > MaxDepth || !seen.Add(k.Path))
        {
            return;
        }

        foreach (var resource in k.Resources)
        {
            if (byFile.TryGetValue(resource, out var views))
            {
                into.AddRange(views);
            }
            else if (byFolder.TryGetValue(resource, out var inner))
            {
                Collect(inner, byFile, byFolder, into, seen, depth + 1);
            }
        }
    }

    private static void Credit(ManifestView target, ManifestView patch, HashSet<string> into)
    {
        foreach (var patchPod in patch.Pods)
        {
            if (target.Pods.FirstOrDefault(p => p.KeyPath == patchPod.KeyPath) is not { } basePod)
            {
                continue;
            }

            var podLevel = Leaves(patchPod.Spec, "").Where(l => !l.StartsWith("containers", StringComparison.Ordinal) && !l.StartsWith("initContainers", StringComparison.Ordinal)).ToList();
            into.UnionWith(podLevel.Select(l => $"{basePod.KeyPath}.{l}"));
            foreach (var baseContainer in basePod.Containers)
            {
                // Pod-level security settings apply to every container.
                into.UnionWith(podLevel.Where(l => l.StartsWith("securityContext.", StringComparison.Ordinal)).Select(l => $"{baseContainer.KeyPath}.{l}"));
                if (patchPod.Containers.FirstOrDefault(c => c.IsInit == baseContainer.IsInit && c.Container.Text("name") is { } n && n == baseContainer.Container.Text("name")) is { } patched)
                {
                    into.UnionWith(Leaves(patched.Container, "").Select(l => $"{baseContainer.KeyPath}.{l}"));
                }
            }
        }
    }

    private static IEnumerable<string> Leaves(YMap map, string prefix, int depth = 0)
    {
        foreach (var (key, value) in map.Entries)
        {
            var path = prefix.Length == 0 ? key.Value : $"{prefix}.{key.Value}";
            if (value is YMap inner && depth < MaxDepth && inner.Entries.Count > 0)
            {
                foreach (var leaf in Leaves(inner, path, depth + 1))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }
}
