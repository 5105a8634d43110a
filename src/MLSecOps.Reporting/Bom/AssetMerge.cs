using MLSecOps.Core.Inventory;

namespace MLSecOps.Reporting.Bom;

/// <summary>Folds the assets several gates reported for one thing (same kind and key) into one: the first gate that knows a
/// fact wins, file lists and dictionaries are united.</summary>
internal static class AssetMerge
{
    /// <summary>Returns one asset per kind and key, sorted by kind then key.</summary>
    public static IReadOnlyList<Asset> Merge(IEnumerable<Asset> assets) =>
    [
        .. assets
            .GroupBy(a => (a.Kind, a.Key))
            .Select(g => g.Aggregate(Fold))
            .Select(a => a with { Files = [.. a.Files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)] })
            .OrderBy(a => a.Kind)
            .ThenBy(a => a.Key, StringComparer.Ordinal),
    ];

    private static Asset Fold(Asset first, Asset next) => first with
    {
        Files = [.. first.Files, .. next.Files],
        Name = first.Name ?? next.Name,
        Version = first.Version ?? next.Version,
        Hashes = Union(first.Hashes, next.Hashes),
        Size = first.Size ?? next.Size,
        Format = first.Format ?? next.Format,
        Framework = first.Framework ?? next.Framework,
        License = first.License ?? next.License,
        BaseModel = first.BaseModel ?? next.BaseModel,
        Card = Union(first.Card, next.Card),
        Properties = Union(first.Properties, next.Properties),
    };

    private static Dictionary<string, string> Union(IReadOnlyDictionary<string, string> first, IReadOnlyDictionary<string, string> next)
    {
        var union = new Dictionary<string, string>(first, StringComparer.Ordinal);
        foreach (var (key, value) in next)
        {
            union.TryAdd(key, value);
        }

        return union;
    }
}
