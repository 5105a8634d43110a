using System.Text.RegularExpressions;
using MLSecOps.Core.Gates;
using MLSecOps.Gates.DeployAudit.Compose;
using MLSecOps.Gates.DeployAudit.Dockerfiles;
using MLSecOps.Gates.DeployAudit.Manifests;
using MLSecOps.Gates.DeployAudit.Rules;
using MLSecOps.Gates.DeployAudit.Rules.Bases;
using MLSecOps.Gates.DeployAudit.Servers;
using MLSecOps.Gates.DeployAudit.Suppressions;
using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit;

/// <summary>Audits one file: routes it by name (YAML, Dockerfile, TorchServe properties), parses it under caps and runs the per-file rules.</summary>
internal sealed partial class FileAuditor
{
    /// <summary>The largest file read; larger ones are reported (DEP004) rather than read.</summary>
    public const long MaxFileBytes = 8 * 1024 * 1024;

    private readonly DeployAuditSettings _settings;
    private readonly DeployRuleSet _rules;
    private readonly BoundedYamlReader _yaml;
    private readonly Func<string, bool> _keepsViews;

    /// <param name="settings">The gate settings.</param>
    /// <param name="rules">The rules.</param>
    /// <param name="keepsViews">Whether the full views of a file's resources are kept (files a kustomization composes); by default none are.</param>
    public FileAuditor(DeployAuditSettings settings, DeployRuleSet rules, Func<string, bool>? keepsViews = null)
    {
        _settings = settings;
        _rules = rules;
        _yaml = new BoundedYamlReader(settings.YamlLimits);
        _keepsViews = keepsViews ?? (_ => false);
    }

    /// <summary>Audits <paramref name="file"/>.</summary>
    /// <remarks>The file (at most <see cref="MaxFileBytes"/>) is read synchronously: per small file, asynchronous reads cost more than the read.</remarks>
    public FileAudit Audit(ScanFile file, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var kind = KindOf(file.RelativePath);
        if (kind == FileKind.Other)
        {
            return new FileAudit(file.RelativePath, [], [], InlineIgnores.Parse(""));
        }

        string text;
        try
        {
            if (TextFileReader.Read(file.FullPath, MaxFileBytes, out var length) is not { } read)
            {
                return Failed(file.RelativePath, $"file is {length} bytes, over the {MaxFileBytes}-byte limit");
            }

            text = read;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(file.RelativePath, "file could not be read: " + ex.GetType().Name);
        }

        try
        {
            return kind switch
            {
                FileKind.Dockerfile => AuditDockerfile(file.RelativePath, text),
                FileKind.Properties => AuditProperties(file.RelativePath, text),
                _ => AuditYaml(file.RelativePath, text),
            };
        }
        catch (RegexMatchTimeoutException)
        {
            return Failed(file.RelativePath, "pattern matching timed out on this file");
        }
    }

    /// <summary>Audits the output <c>helm template</c> rendered from the template at <paramref name="path"/> (its spans are lines of <paramref name="text"/>).</summary>
    public FileAudit AuditRendered(string path, string text)
    {
        try
        {
            return AuditYaml(path, text, rendered: true);
        }
        catch (RegexMatchTimeoutException)
        {
            return Failed(path, "pattern matching timed out on the rendered template");
        }
    }

    private FileAudit AuditYaml(string path, string text, bool rendered = false)
    {
        var ignores = InlineIgnores.Parse(text);
        var result = _yaml.Read(text);

        // Template strings inside valid YAML (alert templates, Argo parameters) are data; a chart template is not.
        var inChart = path.StartsWith("templates/", StringComparison.Ordinal) || path.Contains("/templates/", StringComparison.Ordinal);
        if (!rendered && (inChart || result.Error?.Kind == YamlErrorKind.Syntax) && HelmAction().Match(text) is { Success: true } helm)
        {
            var line = text.AsSpan(0, helm.Index).Count('\n') + 1;
            return new FileAudit(path, [HelmTemplateNotRendered.Create(path, line, helm.Length)], [], ignores);
        }

        var hits = new List<Hit>();
        var resources = new List<ClusterResource>();
        var views = _keepsViews(path) ? new List<ManifestView>() : null;
        var images = new List<string>();
        foreach (var document in result.Documents)
        {
            if (Manifest.From(path, document.Root) is { } manifest)
            {
                foreach (var resource in Expand(manifest))
                {
                    // Rules see the whole tree; what outlives this loop is the summary and the cluster rules' facts, so the tree is garbage after it.
                    var view = ManifestView.Build(resource, _settings);
                    var summary = ClusterResource.From(view, _rules.Cluster);
                    resources.Add(summary);
                    views?.Add(view);
                    var first = hits.Count;
                    AuditManifest(view, hits);
                    for (var i = first; i < hits.Count; i++)
                    {
                        if (ReferenceEquals(hits[i].Resource, resource))
                        {
                            hits[i] = hits[i] with { Resource = summary.Manifest };
                        }
                    }
                }
            }
            else if (ComposeReader.Read(path, document.Root, _settings.ModelServerImages) is { } services)
            {
                foreach (var service in services)
                {
                    hits.AddRange(_rules.Compose.SelectMany(r => r.Evaluate(service, _settings)));
                    hits.AddRange(_rules.Process.SelectMany(r => r.Evaluate(service.Process, _settings)));
                    images.AddRange(service.Process.Image is { } image ? [image] : []);
                }
            }
            else if (document.Root is { } root && SecretInHelmValues.IsValuesFile(path))
            {
                hits.AddRange(SecretInHelmValues.Evaluate(path, root));
            }
        }

        if (result.Error is { } error)
        {
            hits.Add(error.Kind == YamlErrorKind.Syntax ? MalformedYaml.Create(path, error) : ScanLimitExceeded.Create(path, error.Span, error.Message));
        }

        return new FileAudit(path, hits, resources, ignores) { Images = images, Views = views ?? [] };
    }

    /// <summary>Returns the items of a <c>kind: List</c> (kubectl and some renderers emit them), or the manifest itself.</summary>
    private static IEnumerable<Manifest> Expand(Manifest manifest) =>
        manifest.Kind.EndsWith("List", StringComparison.Ordinal) && manifest.Root.Seq("items") is { } items
            ? items.Items.Select(i => Manifest.From(manifest.Path, i)).OfType<Manifest>()
            : [manifest];

    private void AuditManifest(ManifestView view, List<Hit> hits)
    {
        // Loops rather than SelectMany/Where chains: this runs for every rule on every resource.
        foreach (var rule in _rules.Manifest)
        {
            AddUnlessSupplied(view, rule.Evaluate(view, _settings), hits);
        }

        foreach (var (_, process) in view.Containers)
        {
            foreach (var rule in _rules.Process)
            {
                AddUnlessSupplied(view, rule.Evaluate(process, _settings), hits);
            }
        }

        foreach (var config in TorchServeConfig.FromConfigMap(view.Manifest))
        {
            hits.AddRange(_rules.TorchServe.SelectMany(r => r.Evaluate(config, _settings)));
        }
    }

    private static void AddUnlessSupplied(ManifestView view, IEnumerable<Hit> found, List<Hit> hits)
    {
        foreach (var hit in found)
        {
            if (!SuppliedByOperator(view, hit))
            {
                hits.Add(hit);
            }
        }
    }

    /// <summary>An absent key that the owning operator fills in (a ServingRuntime default, a KubeRay probe) is not missing.</summary>
    private static bool SuppliedByOperator(ManifestView view, Hit hit)
    {
        if (!hit.Absent)
        {
            return false;
        }

        foreach (var pod in view.Pods)
        {
            if ((pod.Partial && hit.KeyPath.StartsWith(pod.KeyPath, StringComparison.Ordinal)) || SuppliesChild(hit.KeyPath, pod.KeyPath, pod.Supplied, exact: true))
            {
                return true;
            }
        }

        foreach (var (site, _) in view.Containers)
        {
            if (SuppliesChild(hit.KeyPath, site.KeyPath, site.Supplied, exact: false))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SuppliesChild(string keyPath, string parent, IReadOnlyList<string> supplied, bool exact)
    {
        foreach (var child in supplied)
        {
            if (IsChild(keyPath, parent, child, exact))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="keyPath"/> is (or, unless <paramref name="exact"/>, starts with) <c>parent.child</c>; compared in place, as this runs for every hit.</summary>
    private static bool IsChild(string keyPath, string parent, string child, bool exact)
    {
        var length = parent.Length + 1 + child.Length;
        return (exact ? keyPath.Length == length : keyPath.Length >= length)
            && keyPath.StartsWith(parent, StringComparison.Ordinal)
            && keyPath[parent.Length] == '.'
            && keyPath.AsSpan(parent.Length + 1, child.Length).SequenceEqual(child);
    }

    private FileAudit AuditDockerfile(string path, string text)
    {
        var dockerfile = DockerfileParser.Parse(path, text);
        var hits = _rules.Dockerfile.SelectMany(r => r.Evaluate(dockerfile, _settings)).ToList();
        var process = DockerfileProcessReader.Read(dockerfile, _settings.ModelServerImages);
        hits.AddRange(_rules.Process.SelectMany(r => r.Evaluate(process, _settings)));
        var stages = dockerfile.StageNames;
        var bases = dockerfile.Instructions.Where(i => i.Keyword == "FROM").Select(i => FromImage.Parse(i.Arguments).Image)
            .Where(image => !stages.Contains(image.ToLowerInvariant()) && !image.Equals("scratch", StringComparison.OrdinalIgnoreCase));
        return new FileAudit(path, hits, [], InlineIgnores.Parse(text)) { Images = [.. bases] };
    }

    private FileAudit AuditProperties(string path, string text)
    {
        var config = TorchServeConfig.FromFile(path, text);
        var hits = config is null ? [] : _rules.TorchServe.SelectMany(r => r.Evaluate(config, _settings)).ToList();
        return new FileAudit(path, hits, [], InlineIgnores.Parse(text));
    }

    private static FileAudit Failed(string path, string reason) =>
        new(path, [ScanLimitExceeded.Create(path, new TextSpan(1, 1, 1, 1), reason)], [], InlineIgnores.Parse(""));

    private static FileKind KindOf(string path)
    {
        var name = Path.GetFileName(path);
        if (name.StartsWith("Dockerfile", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".dockerfile", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Dockerfile;
        }

        if (name.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
        {
            return FileKind.Yaml;
        }

        return name.EndsWith(".properties", StringComparison.OrdinalIgnoreCase) ? FileKind.Properties : FileKind.Other;
    }

    [GeneratedRegex(@"\{\{-?\s*(\.|include\b|template\b|if\b|range\b|with\b|define\b|end\b|toYaml\b|tpl\b|\$|-?\s*/\*)(?:[^\n]*?\}\}|[^\n]*$)", RegexOptions.CultureInvariant | RegexOptions.Multiline, PatternTimeouts.WholeFile)]
    private static partial Regex HelmAction();

    private enum FileKind
    {
        Other,
        Yaml,
        Dockerfile,
        Properties,
    }
}
