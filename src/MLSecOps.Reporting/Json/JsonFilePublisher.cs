using MLSecOps.Core.Reporting;

namespace MLSecOps.Reporting.Json;

/// <summary>Writes the <c>--json</c> document to a file; a failure is a user-visible error.</summary>
/// <param name="path">The file to write; its folder is created.</param>
public sealed class JsonFilePublisher(string path) : IFindingPublisher
{
    /// <summary>Gets the absolute path of the file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <inheritdoc />
    public string Name => "json";

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
                JsonReportWriter.Write(report, stream);
                return Task.CompletedTask;
            },
            cancellationToken);
    }
}
