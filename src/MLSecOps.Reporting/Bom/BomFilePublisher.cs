using MLSecOps.Core.Reporting;

namespace MLSecOps.Reporting.Bom;

/// <summary>Writes the CycloneDX bill of materials (<c>--bom</c>) to a file; a failure is a user-visible error.</summary>
/// <param name="path">The file to write; its folder is created.</param>
public sealed class BomFilePublisher(string path) : IFindingPublisher
{
    /// <summary>Gets the absolute path of the file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <inheritdoc />
    public string Name => "bom";

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
                CycloneDxWriter.Write(report, stream);
                return Task.CompletedTask;
            },
            cancellationToken);
    }
}
