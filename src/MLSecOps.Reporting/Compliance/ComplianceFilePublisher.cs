using System.Text;
using MLSecOps.Core.Reporting;

namespace MLSecOps.Reporting.Compliance;

/// <summary>Writes the compliance report (<c>--compliance</c>) to a file, as Markdown or JSON; a failure is a user-visible error.</summary>
/// <param name="path">The file to write; its folder is created.</param>
/// <param name="json">Whether to write JSON rather than Markdown.</param>
public sealed class ComplianceFilePublisher(string path, bool json) : ReportFilePublisher(path)
{
    /// <summary>Gets whether the file is JSON.</summary>
    public bool Json => json;

    /// <inheritdoc />
    public override string Name => "compliance";

    /// <summary>Returns whether a file name asks for JSON (<c>.json</c>); anything else is Markdown.</summary>
    /// <param name="path">The file name.</param>
    /// <returns>Whether it is JSON.</returns>
    public static bool IsJsonPath(string path) => string.Equals(System.IO.Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    protected override void Write(ScanReport report, Stream stream)
    {
        var compliance = ComplianceEvaluator.Evaluate(report);
        if (json)
        {
            ComplianceJson.Write(compliance, stream);
            return;
        }

        stream.Write(Encoding.UTF8.GetBytes(ComplianceMarkdown.ToMarkdown(compliance)));
    }
}
