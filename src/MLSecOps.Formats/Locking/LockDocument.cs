using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MLSecOps.Formats.Locking;

/// <summary>
/// The lock file of models and data sets. Version 2 (written now): a <c># mlsecops lock v2</c> header, then one
/// <c>&lt;sha256&gt;  &lt;size&gt;  &lt;model|data&gt;  &lt;path&gt;</c> line per file, sorted by path. Version 1 (still read):
/// <c>&lt;sha256&gt;  &lt;path&gt;</c> lines, all models. The version is the header's <c>vN</c>; without one, version 1.
/// </summary>
public sealed partial class LockDocument
{
    /// <summary>The version this code writes.</summary>
    public const int CurrentVersion = 2;

    /// <summary>The largest lock file read, so a hostile one cannot exhaust memory.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    private const string Header = "# mlsecops lock v2: sha256  size  kind  repository-relative path; regenerate with `mlsecops scan --write-lock`";

    private LockDocument(int version, IReadOnlyDictionary<string, LockEntry> entries)
    {
        Version = version;
        Entries = entries;
    }

    /// <summary>Gets the format version the file was written in.</summary>
    public int Version { get; }

    /// <summary>Gets the entries by repository-relative path.</summary>
    public IReadOnlyDictionary<string, LockEntry> Entries { get; }

    /// <summary>Gets the entries of one kind, by path.</summary>
    /// <param name="kind">Models or data.</param>
    /// <returns>The entries.</returns>
    public IEnumerable<LockEntry> OfKind(LockKind kind) => Entries.Values.Where(e => e.Kind == kind).OrderBy(e => e.Path, StringComparer.Ordinal);

    /// <summary>Reads a lock file, bounded to <see cref="MaxBytes"/>.</summary>
    /// <param name="fullPath">The file.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The document.</returns>
    /// <exception cref="FormatException">The file is too large, of an unknown version, or a line is malformed.</exception>
    public static async Task<LockDocument> ReadAsync(string fullPath, CancellationToken cancellationToken)
    {
        if (new FileInfo(fullPath).Length > MaxBytes)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"larger than {MaxBytes >> 20} MiB"));
        }

        return Parse(await File.ReadAllTextAsync(fullPath, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Parses lock file text of version 1 or 2.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The document.</returns>
    /// <exception cref="FormatException">The version is unknown or a line is malformed; the message names the line.</exception>
    public static LockDocument Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n');
        var version = 1;
        if (lines.Length > 0 && VersionHeader().Match(lines[0]) is { Success: true } header)
        {
            version = int.TryParse(header.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : int.MaxValue;
            if (version is < 1 or > CurrentVersion)
            {
                throw new FormatException($"lock version {header.Groups[1].Value} is newer than this mlsecops reads (1-{CurrentVersion}); upgrade mlsecops");
            }
        }

        var entries = new Dictionary<string, LockEntry>(StringComparer.Ordinal);
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var entry = (version == 1 ? ParseVersion1(line) : ParseVersion2(line))
                ?? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"line {index + 1} is not '{(version == 1 ? "<sha256>  <path>" : "<sha256>  <size>  <model|data>  <path>")}'"));
            entries[entry.Path] = entry;
        }

        return new LockDocument(version, entries);
    }

    /// <summary>Formats entries as a version 2 lock file, sorted by path.</summary>
    /// <param name="entries">The entries; the last one of a path wins.</param>
    /// <returns>The file text.</returns>
    public static string Format(IEnumerable<LockEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var text = new StringBuilder(Header).Append('\n');
        foreach (var entry in entries.GroupBy(e => e.Path, StringComparer.Ordinal).Select(g => g.Last()).OrderBy(e => e.Path, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"{entry.Sha256}  {entry.Size ?? 0}  {KindName(entry.Kind)}  {entry.Path}\n");
        }

        return text.ToString();
    }

    /// <summary>Writes a version 2 lock file atomically (a temporary file, then a rename).</summary>
    /// <param name="fullPath">The lock file.</param>
    /// <param name="entries">The entries.</param>
    /// <param name="cancellationToken">Stops writing.</param>
    /// <returns>A task that completes when the file is in place.</returns>
    public static async Task WriteAsync(string fullPath, IEnumerable<LockEntry> entries, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(fullPath)!);
        var temporary = fullPath + ".tmp";
        await File.WriteAllTextAsync(temporary, Format(entries), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, fullPath, overwrite: true);
    }

    private static string KindName(LockKind kind) => kind == LockKind.Data ? "data" : "model";

    private static LockEntry? ParseVersion1(string line)
    {
        var separator = line.IndexOf("  ", StringComparison.Ordinal);
        return separator == 64 && IsDigest(line[..64]) && line.Length > 66
            ? new LockEntry(line[66..], line[..64].ToLowerInvariant(), null, LockKind.Model)
            : null;
    }

    private static LockEntry? ParseVersion2(string line)
    {
        var parts = line.Split("  ", 4);
        if (parts.Length != 4 || !IsDigest(parts[0]) || parts[3].Length == 0
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
        {
            return null;
        }

        LockKind? kind = parts[2] switch { "model" => LockKind.Model, "data" => LockKind.Data, _ => null };
        return kind is { } known ? new LockEntry(parts[3], parts[0].ToLowerInvariant(), size, known) : null;
    }

    private static bool IsDigest(string value) => value.Length == 64 && value.All(char.IsAsciiHexDigit);

    [GeneratedRegex(@"^#\s*mlsecops\s+(?:model\s+)?lock\s+v(\d+)\b")]
    private static partial Regex VersionHeader();
}
