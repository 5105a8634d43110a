using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>One Kubernetes resource: a YAML document with <c>apiVersion</c> and <c>kind</c>.</summary>
internal sealed class Manifest
{
    /// <summary>Kinds whose spec and annotations the cluster-wide rules read (Services, Ingresses, KubeRay head services).</summary>
    private static readonly string[] s_clusterReadKinds = ["Service", "Ingress", "RayCluster", "RayService", "RayJob"];

    private Manifest(string path, YMap root, string apiVersion, string kind, YMap? metadata)
        : this(path, root, apiVersion, kind, metadata, metadata?.Text("name") ?? metadata?.Text("generateName") ?? "(unnamed)", metadata?.Text("namespace"))
    {
    }

    private Manifest(string path, YMap root, string apiVersion, string kind, YMap? metadata, string name, string? ns)
    {
        Path = path;
        Root = root;
        ApiVersion = apiVersion;
        Kind = kind;
        Metadata = metadata;
        Name = name;
        Namespace = ns;
        Id = $"{kind}/{name}";
    }

    /// <summary>Gets the repository-relative path of the file.</summary>
    public string Path { get; }

    /// <summary>Gets the document root.</summary>
    public YMap Root { get; }

    /// <summary>Gets the API version.</summary>
    public string ApiVersion { get; }

    /// <summary>Gets the kind.</summary>
    public string Kind { get; }

    /// <summary>Gets the metadata mapping, if any.</summary>
    public YMap? Metadata { get; }

    /// <summary>Gets the name.</summary>
    public string Name { get; }

    /// <summary>Gets the namespace written in the manifest, if any.</summary>
    public string? Namespace { get; }

    /// <summary>Gets the identity used in logical paths and content keys, such as <c>Deployment/vllm</c>.</summary>
    public string Id { get; }

    /// <summary>Gets the spec mapping, if any.</summary>
    public YMap? Spec => Root.Map("spec");

    /// <summary>Returns the manifest in <paramref name="root"/>, or null when it is not a Kubernetes resource.</summary>
    public static Manifest? From(string path, YNode? root) =>
        root is YMap map && map.Text("apiVersion") is { } api && map.Text("kind") is { } kind
            ? new Manifest(path, map, api, kind, map.Map("metadata"))
            : null;

    /// <summary>
    /// Returns the resource without its document tree: identity (path, kind, name, namespace), the <c>kind</c> key, and for
    /// the kinds the cluster-wide rules read, the <c>spec</c> subtree and the annotations. Hits and the cluster view hold this
    /// copy, so a file's tree is garbage once its per-document rules have run.
    /// </summary>
    public Manifest Detach()
    {
        var read = Array.IndexOf(s_clusterReadKinds, Kind) >= 0;

        // Every occurrence of a kept key stays, in order, so lookups (first occurrence wins) answer as on the full tree.
        var root = new YMap([.. Root.Entries.Where(e => e.Key.Value == "kind" || (read && e.Key.Value == "spec"))], Root.Span);
        var metadata = read && Metadata is { } m ? new YMap([.. m.Entries.Where(e => e.Key.Value == "annotations")], m.Span) : null;
        return new Manifest(Path, root, ApiVersion, Kind, metadata, Name, Namespace);
    }

    /// <summary>Gets an annotation value from the resource metadata.</summary>
    public string? Annotation(string key) => Metadata?.Map("annotations")?.Text(key);
}
