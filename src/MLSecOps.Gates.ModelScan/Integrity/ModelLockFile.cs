using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MLSecOps.Core.Gates;
using MLSecOps.Gates.ModelScan.Analysis;

namespace MLSecOps.Gates.ModelScan.Integrity;

/// <summary>
/// The model lock file: one <c>&lt;sha256&gt;  &lt;path&gt;</c> line per model file (lower-case hex, two spaces,
/// repository-relative forward-slash path), sorted by path, after a <c>#</c> comment header. Blank and <c>#</c> lines are ignored.
/// </summary>
public static class ModelLockFile
{
    private const string Header = "# mlsecops model lock v1: sha256  repository-relative path; regenerate with `mlsecops model-scan --write-lock`";

    /// <summary>Writes the lock file for the files among <paramref name="candidateFiles"/> that are models (sniffed by content, or named as models).</summary>
    /// <param name="repositoryRoot">The repository root (unused for reading: files carry their full paths; kept to resolve <paramref name="lockPath"/>).</param>
    /// <param name="candidateFiles">The files to consider, such as the gate's file list.</param>
    /// <param name="lockPath">The lock file path, relative to <paramref name="repositoryRoot"/> or absolute.</param>
    /// <param name="cancellationToken">Stops hashing.</param>
    /// <returns>The number of files locked.</returns>
    public static async Task<int> WriteAsync(string repositoryRoot, IEnumerable<ScanFile> candidateFiles, string lockPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        ArgumentNullException.ThrowIfNull(candidateFiles);
        ArgumentNullException.ThrowIfNull(lockPath);
        var target = Path.GetFullPath(Path.Combine(repositoryRoot, lockPath));
        var lines = new List<string>();
        foreach (var file in candidateFiles.OrderBy(f => f.RelativePath, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (string.Equals(Path.GetFullPath(file.FullPath), target, StringComparison.Ordinal) || !await IsModelAsync(file, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            lines.Add($"{await HashAsync(file.FullPath, cancellationToken).ConfigureAwait(false)}  {file.RelativePath}");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".tmp";
        await File.WriteAllTextAsync(temporary, Header + "\n" + string.Concat(lines.Select(l => l + "\n")), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, target, overwrite: true);
        return lines.Count;
    }

    /// <summary>Parses lock file text into path → lower-case SHA-256.</summary>
    /// <exception cref="FormatException">A line is not <c>&lt;64 hex&gt;  &lt;path&gt;</c>.</exception>
    public static IReadOnlyDictionary<string, string> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var separator = line.IndexOf("  ", StringComparison.Ordinal);
            var digest = separator == 64 ? line[..64].ToLowerInvariant() : "";
            var path = separator == 64 ? line[66..] : "";
            if (digest.Length != 64 || !digest.All(char.IsAsciiHexDigit) || path.Length == 0)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"line {number} is not '<sha256>  <path>'"));
            }

            entries[path] = digest;
        }

        return entries;
    }

    /// <summary>Computes the lower-case hex SHA-256 of a file, streaming.</summary>
    public static async Task<string> HashAsync(string fullPath, CancellationToken cancellationToken)
    {
        var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1024 * 1024, FileOptions.SequentialScan | FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Returns whether a file is a model by its classification or its name.</summary>
    internal static Task<bool> IsModelAsync(ScanFile file, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(ModelFileNames.IsModel(ModelFileProbe.Read(file).Content));
    }
}
