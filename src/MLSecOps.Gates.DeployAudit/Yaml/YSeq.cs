namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>A YAML sequence.</summary>
internal sealed class YSeq : YNode
{
    public YSeq(IReadOnlyList<YNode> items, TextSpan span)
        : base(span)
    {
        Items = items;
        Weight = 1 + items.Sum(i => i.Weight);
    }

    /// <summary>Gets the items in order.</summary>
    public IReadOnlyList<YNode> Items { get; }

    /// <summary>Gets the items that are mappings, with their index.</summary>
    public IEnumerable<(int Index, YMap Map)> Maps() =>
        Items.Select((item, i) => (i, item as YMap)).Where(p => p.Item2 is not null).Select(p => (p.i, p.Item2!));
}
