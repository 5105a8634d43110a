using MLSecOps.Core.Reporting;

namespace MLSecOps.Reporting.Bom;

/// <summary>Writes the CycloneDX bill of materials (<c>--bom</c>) to a file; a failure is a user-visible error.</summary>
/// <param name="path">The file to write; its folder is created.</param>
public sealed class BomFilePublisher(string path) : ReportFilePublisher(path)
{
    /// <inheritdoc />
    public override string Name => "bom";

    /// <inheritdoc />
    protected override void Write(ScanReport report, Stream stream) => CycloneDxWriter.Write(report, stream);
}
