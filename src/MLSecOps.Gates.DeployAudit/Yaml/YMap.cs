namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>A YAML mapping with scalar keys, in document order; the first occurrence of a duplicate key wins lookups.</summary>
internal sealed class YMap : YNode
{
    private readonly Dictionary<string, int> _index;

    public YMap(IReadOnlyList<KeyValuePair<YScalar, YNode>> entries, TextSpan span)
        : base(span)
    {
        Entries = entries;
        _index = new Dictionary<string, int>(entries.Count, StringComparer.Ordinal);
        long weight = 1;
        for (var i = 0; i < entries.Count; i++)
        {
            _index.TryAdd(entries[i].Key.Value, i);
            weight += 1 + entries[i].Value.Weight;
        }

        Weight = weight;
    }

    /// <summary>Gets the entries in document order.</summary>
    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries { get; }

    /// <summary>Gets the value under <paramref name="key"/>, or null.</summary>
    public YNode? this[string key] => _index.TryGetValue(key, out var i) ? Entries[i].Value : null;

    /// <summary>Gets the key node for <paramref name="key"/>, or null; findings about a key point at it.</summary>
    public YScalar? KeyNode(string key) => _index.TryGetValue(key, out var i) ? Entries[i].Key : null;

    /// <summary>Gets a scalar value, or null when missing or not a scalar.</summary>
    public YScalar? Scalar(string key) => this[key] as YScalar;

    /// <summary>Gets a scalar's text, or null.</summary>
    public string? Text(string key) => Scalar(key) is { IsNull: false } s ? s.Value : null;

    /// <summary>Gets a mapping value, or null.</summary>
    public YMap? Map(string key) => this[key] as YMap;

    /// <summary>Gets a sequence value, or null.</summary>
    public YSeq? Seq(string key) => this[key] as YSeq;

    /// <summary>Follows a dotted path of mapping keys.</summary>
    public YNode? At(params string[] path)
    {
        YNode? node = this;
        foreach (var key in path)
        {
            node = (node as YMap)?[key];
        }

        return node;
    }
}
