using System.Text.Json;
using System.Text.Json.Serialization;
using MLSecOps.Core.Rules;

namespace MLSecOps.Core.Policy;

/// <summary>Findings recorded as accepted (by fingerprint); they are reported as suppressed and do not block.</summary>
public sealed class Baseline
{
    private readonly Dictionary<string, BaselineEntry> _entries;

    /// <summary>Initializes a new instance of the <see cref="Baseline"/> class.</summary>
    /// <param name="entries">The accepted findings.</param>
    public Baseline(IEnumerable<BaselineEntry> entries) =>
        _entries = entries.GroupBy(e => e.Fingerprint, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>Gets an empty baseline.</summary>
    public static Baseline Empty { get; } = new([]);

    /// <summary>Gets how many findings the baseline accepts.</summary>
    public int Count => _entries.Count;

    /// <summary>Returns whether the baseline accepts <paramref name="finding"/>.</summary>
    /// <param name="finding">The finding.</param>
    /// <returns>Whether its fingerprint is recorded.</returns>
    public bool Contains(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);

        // The fingerprint is a hash computed on each call: no baseline, no hash.
        return _entries.Count > 0 && _entries.ContainsKey(finding.Fingerprint);
    }

    /// <summary>Builds a baseline from findings.</summary>
    /// <param name="findings">The findings to accept.</param>
    /// <returns>The baseline.</returns>
    public static Baseline From(IEnumerable<Finding> findings) =>
        new(findings.Select(f => new BaselineEntry(f.Rule.Id, f.Location.Path, f.Fingerprint)));

    /// <summary>Reads a baseline file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="displayPath">How to name it in messages.</param>
    /// <returns>The baseline.</returns>
    /// <exception cref="PolicyException">The file is missing or malformed.</exception>
    public static Baseline Load(string path, string displayPath)
    {
        if (!File.Exists(path))
        {
            throw new PolicyException($"{displayPath}: baseline file not found; create it with 'mlsecops baseline PATH -o {displayPath}'");
        }

        try
        {
            using var stream = File.OpenRead(path);
            var document = JsonSerializer.Deserialize(stream, BaselineJsonContext.Default.BaselineDocument);
            if (document is not { Version: 1, Findings: not null })
            {
                throw new PolicyException($"{displayPath}:1:1: not a version 1 baseline; regenerate it with 'mlsecops baseline'");
            }

            return new Baseline(document.Findings);
        }
        catch (JsonException ex)
        {
            throw PolicyException.At(displayPath, (ex.LineNumber ?? 0) + 1, (ex.BytePositionInLine ?? 0) + 1, "malformed baseline JSON; regenerate it with 'mlsecops baseline'");
        }
    }

    /// <summary>Writes the baseline as JSON, sorted for stable diffs.</summary>
    /// <param name="stream">Where to write.</param>
    public void Save(Stream stream)
    {
        var document = new BaselineDocument(1, [.. _entries.Values.OrderBy(e => e.Path, StringComparer.Ordinal).ThenBy(e => e.Rule, StringComparer.Ordinal).ThenBy(e => e.Fingerprint, StringComparer.Ordinal)]);
        JsonSerializer.Serialize(stream, document, BaselineJsonContext.Default.BaselineDocument);
    }

}

/// <summary>The baseline file's top level.</summary>
internal sealed record BaselineDocument(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("findings")] List<BaselineEntry>? Findings);

/// <summary>Source-generated (de)serialisation of the baseline file: no reflection, so trimming and NativeAOT keep it whole.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BaselineDocument))]
internal sealed partial class BaselineJsonContext : JsonSerializerContext;

/// <summary>One accepted finding.</summary>
/// <param name="Rule">The rule id, for humans reading the file.</param>
/// <param name="Path">The repository-relative path, for humans reading the file.</param>
/// <param name="Fingerprint">The finding's fingerprint; the only field that is matched.</param>
public sealed record BaselineEntry(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("fingerprint")] string Fingerprint);
