namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>Caps that keep hostile YAML from exhausting memory or stack; set per repository in the deploy-audit policy section.</summary>
/// <param name="MaxDocuments">Most documents read from one file.</param>
/// <param name="MaxDepth">Deepest nesting of collections.</param>
/// <param name="MaxWeight">Most nodes in one document with every alias expanded (billion-laughs guard).</param>
internal sealed record YamlLimits(int MaxDocuments = YamlLimits.DefaultMaxDocuments, int MaxDepth = YamlLimits.DefaultMaxDepth, long MaxWeight = YamlLimits.DefaultMaxWeight)
{
    /// <summary>The default most documents per file.</summary>
    public const int DefaultMaxDocuments = 10_000;

    /// <summary>The default deepest nesting.</summary>
    public const int DefaultMaxDepth = 100;

    /// <summary>The highest nesting a policy may allow: the reader recurses once per level, and its stack must hold.</summary>
    public const int HighestMaxDepth = 1_000;

    /// <summary>The default most nodes per document after alias expansion.</summary>
    public const int DefaultMaxWeight = 1_000_000;

    /// <summary>Gets the default limits.</summary>
    public static YamlLimits Default { get; } = new();
}
