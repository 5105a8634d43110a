namespace MLSecOps.Core.Inventory;

/// <summary>One thing of the ML system a gate saw (a model file, a data set, a serving image) and the facts it learnt about
/// it; the raw material of the bill of materials. Gates fill only what they know; publishers merge assets of several gates
/// that share <see cref="Kind"/> and <see cref="Key"/>.</summary>
public sealed record Asset
{
    /// <summary>Gets what kind of thing it is.</summary>
    public required AssetKind Kind { get; init; }

    /// <summary>Gets its identity: the repository-relative path of a file, or the image reference of a container image.</summary>
    public required string Key { get; init; }

    /// <summary>Gets the repository-relative files that name or hold it (for an image: the deployment configs).</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Gets its display name, such as the model name of its card or the image repository.</summary>
    /// <value>Defaults to <see langword="null"/>: the key's last segment is used.</value>
    public string? Name { get; init; }

    /// <summary>Gets its version, such as an image tag or a model revision, if known.</summary>
    public string? Version { get; init; }

    /// <summary>Gets its content hashes by CycloneDX algorithm name (<c>SHA-256</c>, <c>MD5</c>), lower-case hex.</summary>
    public IReadOnlyDictionary<string, string> Hashes { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets its size in bytes, if known.</summary>
    public long? Size { get; init; }

    /// <summary>Gets its file format, such as <c>safetensors</c>, <c>pickle</c>, <c>csv</c>.</summary>
    public string? Format { get; init; }

    /// <summary>Gets the ML framework that reads it, such as <c>pytorch</c> or <c>keras</c>, if known.</summary>
    public string? Framework { get; init; }

    /// <summary>Gets its licence as written by its card or config (an SPDX id where one is given).</summary>
    public string? License { get; init; }

    /// <summary>Gets the model it was derived from (fine-tuned, quantised), if its card says.</summary>
    public string? BaseModel { get; init; }

    /// <summary>Gets the fields of its model or data-set card, by field name (<c>task</c>, <c>datasets</c>, <c>limitations</c>...).</summary>
    public IReadOnlyDictionary<string, string> Card { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets other facts by name, such as <c>provenance</c>, <c>rows</c>, <c>columns</c> or <c>digest-pinned</c>.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}
