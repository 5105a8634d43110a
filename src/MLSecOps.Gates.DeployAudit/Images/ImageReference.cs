namespace MLSecOps.Gates.DeployAudit.Images;

/// <summary>An image reference split into name, tag and digest; <see cref="IsVariable"/> when it is templated.</summary>
internal sealed record ImageReference(string Text, string Name, string? Tag, string? Digest)
{
    /// <summary>Gets whether the reference contains a variable (<c>$VAR</c>, <c>${VAR}</c>) and cannot be judged.</summary>
    public bool IsVariable => Text.Contains('$', StringComparison.Ordinal) || Text.Contains("{{", StringComparison.Ordinal);

    /// <summary>Gets whether the tag is missing or <c>latest</c> and there is no digest.</summary>
    public bool IsMutableLatest => Digest is null && (Tag is null || Tag.Equals("latest", StringComparison.OrdinalIgnoreCase));

    /// <summary>Gets the name with an implicit Docker Hub registry made explicit, such as <c>docker.io/library/python</c>.</summary>
    public string QualifiedName
    {
        get
        {
            var slash = Name.IndexOf('/', StringComparison.Ordinal);
            var first = slash < 0 ? "" : Name[..slash];
            var hasRegistry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
            return hasRegistry ? Name : slash < 0 ? "docker.io/library/" + Name : "docker.io/" + Name;
        }
    }

    /// <summary>Parses <paramref name="text"/>.</summary>
    public static ImageReference Parse(string text)
    {
        var t = text.Trim();
        string? digest = null;
        var at = t.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = t[(at + 1)..];
            t = t[..at];
        }

        string? tag = null;
        var colon = t.LastIndexOf(':');
        if (colon > t.LastIndexOf('/'))
        {
            tag = t[(colon + 1)..];
            t = t[..colon];
        }

        return new ImageReference(text.Trim(), t, tag, digest);
    }
}
