namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>Caps that keep hostile YAML from exhausting memory or stack.</summary>
/// <param name="MaxDocuments">Most documents read from one file.</param>
/// <param name="MaxDepth">Deepest nesting of collections.</param>
/// <param name="MaxWeight">Most nodes in one document with every alias expanded (billion-laughs guard).</param>
internal sealed record YamlLimits(int MaxDocuments = 10_000, int MaxDepth = 100, long MaxWeight = 1_000_000)
{
    /// <summary>Gets the default limits.</summary>
    public static YamlLimits Default { get; } = new();
}
