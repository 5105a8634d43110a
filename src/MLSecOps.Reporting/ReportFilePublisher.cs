using MLSecOps.Core.Reporting;

namespace MLSecOps.Reporting;

/// <summary>A publisher that writes one document about the whole report to a file, atomically; a failure is a user-visible error.</summary>
/// <param name="path">The file to write; its folder is created.</param>
public abstract class ReportFilePublisher(string path) : IFindingPublisher
{
    /// <summary>Gets the absolute path of the file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public bool IsRequired => true;

    /// <inheritdoc />
    public Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return AtomicFile.WriteAsync(
            Path,
            (stream, _) =>
            {
                Write(report, stream);
                return Task.CompletedTask;
            },
            cancellationToken);
    }

    /// <summary>Writes the document.</summary>
    /// <param name="report">The report.</param>
    /// <param name="stream">The temporary file that replaces <see cref="Path"/> once written.</param>
    protected abstract void Write(ScanReport report, Stream stream);
}
