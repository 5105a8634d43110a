namespace MLSecOps.Core.Standards;

/// <summary>The MITRE ATLAS ids (techniques, tactics, mitigations) known to this build, from the embedded extract <c>atlas-ids.tsv</c>.</summary>
public sealed class AtlasCatalog
{
    private readonly Dictionary<string, (string Kind, string Name)> _entries;

    private AtlasCatalog(Dictionary<string, (string Kind, string Name)> entries) => _entries = entries;

    /// <summary>Gets the catalogue of the embedded extract.</summary>
    public static AtlasCatalog Embedded { get; } = Load();

    /// <summary>Gets how many ids are known.</summary>
    public int Count => _entries.Count;

    /// <summary>Gets every technique and sub-technique, sorted by id.</summary>
    public IEnumerable<(string Id, string Name)> Techniques =>
        _entries.Where(e => e.Value.Kind == "technique").OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, e.Value.Name));

    /// <summary>Returns the name of a known id.</summary>
    /// <param name="id">Such as <c>AML.T0024.002</c>.</param>
    /// <returns>The name, or <see langword="null"/> when ATLAS has no such id.</returns>
    public string? NameOf(string id) => _entries.TryGetValue(id, out var entry) ? entry.Name : null;

    /// <summary>Returns whether an id is a known technique or sub-technique.</summary>
    /// <param name="id">The id.</param>
    /// <returns>Whether it is a technique.</returns>
    public bool IsTechnique(string id) => _entries.TryGetValue(id, out var entry) && entry.Kind == "technique";

    private static AtlasCatalog Load()
    {
        using var stream = typeof(AtlasCatalog).Assembly.GetManifestResourceStream("atlas-ids.tsv")
            ?? throw new InvalidOperationException("atlas-ids.tsv is not embedded");
        using var reader = new StreamReader(stream);
        var entries = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split('\t');
            if (parts.Length == 3)
            {
                entries[parts[0]] = (parts[1], parts[2]);
            }
        }

        return new AtlasCatalog(entries);
    }
}
