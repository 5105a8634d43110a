using MLSecOps.Core.Reporting;

namespace MLSecOps.Reporting.Sarif;

/// <summary>Writes the SARIF log to a file; a failure is a user-visible error.</summary>
/// <param name="path">The file to write; its folder is created.</param>
/// <param name="maxResultsPerRun">The most results per run; GitHub's limit by default.</param>
public sealed class SarifFilePublisher(string path, int maxResultsPerRun = SarifLogBuilder.MaxResultsPerRun) : IFindingPublisher
{
    /// <summary>Gets the absolute path of the file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <inheritdoc />
    public string Name => "sarif";

    /// <inheritdoc />
    public bool IsRequired => true;

    /// <inheritdoc />
    public Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var log = SarifLogBuilder.Build(report, maxResultsPerRun);
        return AtomicFile.WriteAsync(
            Path,
            (stream, _) =>
            {
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true);
                SarifReportWriter.WriteLog(log, writer);
                return Task.CompletedTask;
            },
            cancellationToken);
    }
}
