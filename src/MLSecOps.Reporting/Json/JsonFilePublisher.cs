using MLSecOps.Core.Reporting;

namespace MLSecOps.Reporting.Json;

/// <summary>Writes the <c>--json</c> document to a file; a failure is a user-visible error.</summary>
/// <param name="path">The file to write; its folder is created.</param>
public sealed class JsonFilePublisher(string path) : ReportFilePublisher(path)
{
    /// <inheritdoc />
    public override string Name => "json";

    /// <inheritdoc />
    protected override void Write(ScanReport report, Stream stream) => JsonReportWriter.Write(report, stream);
}
