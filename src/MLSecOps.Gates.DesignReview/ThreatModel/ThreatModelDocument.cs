using System.Text.Json;
using System.Text.Json.Nodes;
using MLSecOps.Gates.DesignReview.Yaml;

namespace MLSecOps.Gates.DesignReview.ThreatModel;

/// <summary>A read threat model: its path, text lines, YAML positions and the typed parts the rules look at (read leniently, whatever the schema says).</summary>
internal sealed class ThreatModelDocument
{
    private ThreatModelDocument(string path, string[] lines, YamlJsonDocument yaml)
    {
        Path = path;
        Lines = lines;
        Yaml = yaml;
    }

    /// <summary>Gets the repository-relative path.</summary>
    public string Path { get; }

    /// <summary>Gets the text lines, for placeholder scanning.</summary>
    public IReadOnlyList<string> Lines { get; }

    /// <summary>Gets the parsed YAML with positions.</summary>
    public YamlJsonDocument Yaml { get; }

    /// <summary>Gets the threat entries by key, in file order.</summary>
    public IReadOnlyList<ThreatEntry> Threats { get; private init; } = [];

    /// <summary>Gets the integrations.</summary>
    public IReadOnlyList<Integration> Integrations { get; private init; } = [];

    /// <summary>Gets the assets.</summary>
    public IReadOnlyList<Asset> Assets { get; private init; } = [];

    /// <summary>Builds the typed view of a parsed document.</summary>
    /// <param name="path">The repository-relative path.</param>
    /// <param name="text">The file text.</param>
    /// <param name="yaml">The parsed document.</param>
    /// <returns>The document.</returns>
    public static ThreatModelDocument From(string path, string text, YamlJsonDocument yaml)
    {
        var root = yaml.Root as JsonObject;
        return new ThreatModelDocument(path, text.ReplaceLineEndings("\n").Split('\n'), yaml)
        {
            Threats = ReadThreats(root?["threats"] as JsonObject),
            Integrations = [.. Items(root?["integrations"], "/integrations").Select(i => new Integration(
                Text(i.Node["name"]) ?? "", Text(i.Node["kind"]) ?? "", Strings(i.Node["capabilities"]), i.Pointer))],
            Assets = [.. Items(root?["assets"], "/assets").Select(a => new Asset(
                Text(a.Node["name"]) ?? "", Text(a.Node["kind"]) ?? "", Text(a.Node["owner"]), Strings(a.Node["paths"]), a.Pointer))],
        };
    }

    /// <summary>Returns the line and column of a pointer.</summary>
    /// <param name="pointer">The JSON pointer.</param>
    /// <returns>The position.</returns>
    public (int Line, int Column) PositionOf(string pointer) => Yaml.PositionOf(pointer);

    private static List<ThreatEntry> ReadThreats(JsonObject? threats)
    {
        var entries = new List<ThreatEntry>();
        foreach (var (key, value) in threats ?? [])
        {
            var pointer = "/threats/" + YamlJsonDocument.Escape(key);
            var node = value as JsonObject;
            var mitigations = Items(node?["mitigations"], pointer + "/mitigations").Select(m => new Mitigation(
                Text(m.Node["description"]), Text(m.Node["owner"]), Text(m.Node["status"]), Strings(m.Node["verified-by"]), m.Pointer)).ToList();
            var atlas = (node?["atlas"] as JsonArray ?? []).Select((a, i) => (Id: Text(a) ?? "", Pointer: $"{pointer}/atlas/{i}")).ToList();
            entries.Add(new ThreatEntry(key, pointer, mitigations, Text(node?["not-applicable"]), atlas));
        }

        return entries;
    }

    private static IEnumerable<(JsonObject Node, string Pointer)> Items(JsonNode? node, string pointer) =>
        (node as JsonArray ?? []).Select((item, i) => (item as JsonObject, $"{pointer}/{i}")).Where(x => x.Item1 is not null).Select(x => (x.Item1!, x.Item2));

    private static IReadOnlyList<string> Strings(JsonNode? node) =>
        [.. (node as JsonArray ?? []).Select(Text).OfType<string>()];

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            ? value.ToString()
            : null;
}
