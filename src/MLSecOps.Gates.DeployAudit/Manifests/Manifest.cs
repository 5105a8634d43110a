using MLSecOps.Gates.DeployAudit.Yaml;

namespace MLSecOps.Gates.DeployAudit.Manifests;

/// <summary>One Kubernetes resource: a YAML document with <c>apiVersion</c> and <c>kind</c>.</summary>
internal sealed class Manifest
{
    private Manifest(string path, YMap root, string apiVersion, string kind, YMap? metadata)
    {
        Path = path;
        Root = root;
        ApiVersion = apiVersion;
        Kind = kind;
        Metadata = metadata;
        Name = metadata?.Text("name") ?? metadata?.Text("generateName") ?? "(unnamed)";
        Namespace = metadata?.Text("namespace");
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
    public string Id => $"{Kind}/{Name}";

    /// <summary>Gets the spec mapping, if any.</summary>
    public YMap? Spec => Root.Map("spec");

    /// <summary>Returns the manifest in <paramref name="root"/>, or null when it is not a Kubernetes resource.</summary>
    public static Manifest? From(string path, YNode? root) =>
        root is YMap map && map.Text("apiVersion") is { } api && map.Text("kind") is { } kind
            ? new Manifest(path, map, api, kind, map.Map("metadata"))
            : null;

    /// <summary>Gets an annotation value from the resource metadata.</summary>
    public string? Annotation(string key) => Metadata?.Map("annotations")?.Text(key);
}
