namespace MLSecOps.Gates.DeployAudit.Yaml;

/// <summary>A YAML mapping with scalar keys, in document order; the first occurrence of a duplicate key wins lookups.</summary>
internal sealed class YMap : YNode
{
    /// <summary>Mappings up to this size are searched linearly; larger ones get a dictionary.</summary>
    private const int IndexThreshold = 12;

    private readonly Dictionary<string, int>? _index;

    public YMap(IReadOnlyList<KeyValuePair<YScalar, YNode>> entries, TextSpan span)
        : base(span)
    {
        Entries = entries;
        _index = entries.Count > IndexThreshold ? new Dictionary<string, int>(entries.Count, StringComparer.Ordinal) : null;
        long weight = 1;
        for (var i = 0; i < entries.Count; i++)
        {
            _index?.TryAdd(entries[i].Key.Value, i);
            weight += 1 + entries[i].Value.Weight;
        }

        Weight = weight;
    }

    /// <summary>Gets the entries in document order.</summary>
    public IReadOnlyList<KeyValuePair<YScalar, YNode>> Entries { get; }

    /// <summary>Gets the value under <paramref name="key"/>, or null.</summary>
    public YNode? this[string key] => IndexOf(key) is var i and >= 0 ? Entries[i].Value : null;

    /// <summary>Gets the key node for <paramref name="key"/>, or null; findings about a key point at it.</summary>
    public YScalar? KeyNode(string key) => IndexOf(key) is var i and >= 0 ? Entries[i].Key : null;

    /// <summary>Gets a scalar value, or null when missing or not a scalar.</summary>
    public YScalar? Scalar(string key) => this[key] as YScalar;

    /// <summary>Gets a scalar's text, or null.</summary>
    public string? Text(string key) => Scalar(key) is { IsNull: false } s ? s.Value : null;

    /// <summary>Gets a mapping value, or null.</summary>
    public YMap? Map(string key) => this[key] as YMap;

    /// <summary>Gets a sequence value, or null.</summary>
    public YSeq? Seq(string key) => this[key] as YSeq;

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var found) ? found : -1;
        }

        for (var i = 0; i < Entries.Count; i++)
        {
            if (string.Equals(Entries[i].Key.Value, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
