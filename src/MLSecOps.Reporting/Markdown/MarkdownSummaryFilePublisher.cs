using System.Text;
using MLSecOps.Core.Reporting;

namespace MLSecOps.Reporting.Markdown;

/// <summary>Writes the Markdown summary to a file (<c>--summary</c>) or appends it to one (<c>GITHUB_STEP_SUMMARY</c>).</summary>
/// <param name="path">The file.</param>
/// <param name="options">Limits; when appending, the bytes already in the file count against <see cref="MarkdownSummaryOptions.MaxBytes"/>.</param>
/// <param name="append">Whether to append instead of replacing the file.</param>
public sealed class MarkdownSummaryFilePublisher(string path, MarkdownSummaryOptions? options = null, bool append = false) : IFindingPublisher
{
    /// <summary>Gets the absolute path of the file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <inheritdoc />
    public string Name => "summary";

    /// <inheritdoc />
    public bool IsRequired => true;

    /// <inheritdoc />
    public async Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var limits = options ?? MarkdownSummaryOptions.Default;
        if (!append)
        {
            var markdown = MarkdownSummaryWriter.ToMarkdown(report, limits);
            await AtomicFile.WriteAsync(Path, (stream, ct) => stream.WriteAsync(Encoding.UTF8.GetBytes(markdown), ct).AsTask(), cancellationToken).ConfigureAwait(false);
            return;
        }

        var existing = File.Exists(Path) ? new FileInfo(Path).Length : 0;
        var room = (int)Math.Max(0, limits.MaxBytes - existing);
        var text = MarkdownSummaryWriter.ToMarkdown(report, limits with { MaxBytes = room });
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        await File.AppendAllTextAsync(Path, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
    }
}
