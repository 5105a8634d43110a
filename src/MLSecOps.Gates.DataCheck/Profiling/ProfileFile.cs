using System.Text.Json;

namespace MLSecOps.Gates.DataCheck.Profiling;

/// <summary>Reads and writes the approved profile file: JSON with sorted keys, one entry per data set keyed by its repository path.</summary>
internal static class ProfileFile
{
    /// <summary>The largest profile file read.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    /// <summary>The profile format version.</summary>
    public const int Version = 1;

    /// <summary>Writes <paramref name="profiles"/> to <paramref name="fullPath"/>, sorted by key.</summary>
    public static async Task WriteAsync(string fullPath, IReadOnlyDictionary<string, DatasetProfile> profiles, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        var stream = File.Create(fullPath);
        await using (stream.ConfigureAwait(false))
        {
            var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            await using (writer.ConfigureAwait(false))
            {
                writer.WriteStartObject();
                writer.WriteNumber("version", Version);
                writer.WriteStartObject("datasets");
                foreach (var (key, profile) in profiles.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WriteStartObject(key);
                    WriteProfile(writer, profile);
                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the profile file; throws <see cref="InvalidDataException"/> when it is too large or not a version-1 profile.</summary>
    public static IReadOnlyDictionary<string, DatasetProfile> Read(string fullPath)
    {
        if (new FileInfo(fullPath).Length > MaxBytes)
        {
            throw new InvalidDataException($"it is larger than {MaxBytes >> 20} MiB");
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(fullPath), new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (!root.TryGetProperty("version", out var version) || version.GetInt32() != Version || !root.TryGetProperty("datasets", out var datasets))
            {
                throw new InvalidDataException($"it is not a version-{Version} profile with `version` and `datasets`");
            }

            return datasets.EnumerateObject().ToDictionary(d => d.Name, d => ReadProfile(d.Value), StringComparer.Ordinal);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException(ex.Message, ex);
        }
    }

    /// <summary>Returns the key of a data set: its repository path, and the archive member after <c>#</c>.</summary>
    public static string Key(string path, string? member) => member is null ? path : $"{path}#{member}";

    private static void WriteProfile(Utf8JsonWriter writer, DatasetProfile profile)
    {
        writer.WriteNumber("rows", profile.Rows);
        writer.WriteStartArray("columns");
        foreach (var column in profile.Columns)
        {
            writer.WriteStartObject();
            writer.WriteString("name", column.Name);
            writer.WriteString("type", column.Type);
            writer.WriteNumber("nulls", column.Nulls);
            writer.WriteNumber("null-rate", profile.Rows == 0 ? 0 : Math.Round((double)column.Nulls / profile.Rows, 4));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (profile.LabelColumn is { } label)
        {
            writer.WriteString("label-column", label);
        }

        WriteCounts(writer, "labels", profile.Labels);
        writer.WriteStartObject("groups");
        foreach (var (column, groups) in profile.Groups.OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject(column);
            foreach (var (value, group) in groups.OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                writer.WriteStartObject(value);
                writer.WriteNumber("rows", group.Rows);
                WriteCounts(writer, "labels", group.Labels);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, long> counts)
    {
        writer.WriteStartObject(name);
        foreach (var (key, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            writer.WriteNumber(key, count);
        }

        writer.WriteEndObject();
    }

    private static DatasetProfile ReadProfile(JsonElement element)
    {
        var columns = element.GetProperty("columns").EnumerateArray()
            .Select(c => new ColumnProfile(c.GetProperty("name").GetString() ?? "", c.GetProperty("type").GetString() ?? "", c.GetProperty("nulls").GetInt64()))
            .ToArray();
        var label = element.TryGetProperty("label-column", out var l) ? l.GetString() : null;
        var groups = element.TryGetProperty("groups", out var g)
            ? g.EnumerateObject().ToDictionary(
                c => c.Name,
                c => (IReadOnlyDictionary<string, GroupProfile>)c.Value.EnumerateObject().ToDictionary(v => v.Name, v => new GroupProfile(v.Value.GetProperty("rows").GetInt64(), ReadCounts(v.Value.GetProperty("labels"))), StringComparer.Ordinal),
                StringComparer.Ordinal)
            : [];
        return new DatasetProfile(element.GetProperty("rows").GetInt64(), columns, label, element.TryGetProperty("labels", out var labels) ? ReadCounts(labels) : new Dictionary<string, long>(), groups);
    }

    private static Dictionary<string, long> ReadCounts(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
}
