namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>A YAML node with the region it was read from.</summary>
internal abstract class YNode
{
    protected YNode(TextSpan span) => Span = span;

    /// <summary>Gets where the node is in the file.</summary>
    public TextSpan Span { get; }

    /// <summary>Gets the number of nodes below and including this one, aliases expanded (the billion-laughs measure).</summary>
    public long Weight { get; protected set; } = 1;
}
