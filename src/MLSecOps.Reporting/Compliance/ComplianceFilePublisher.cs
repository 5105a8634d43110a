using System.Text;
using MLSecOps.Core.Reporting;

namespace MLSecOps.Reporting.Compliance;

/// <summary>Writes the compliance report (<c>--compliance</c>) to a file, as Markdown or JSON; a failure is a user-visible error.</summary>
/// <param name="path">The file to write; its folder is created.</param>
/// <param name="json">Whether to write JSON rather than Markdown.</param>
public sealed class ComplianceFilePublisher(string path, bool json) : IFindingPublisher
{
    /// <summary>Gets the absolute path of the file.</summary>
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Gets whether the file is JSON.</summary>
    public bool Json => json;

    /// <inheritdoc />
    public string Name => "compliance";

    /// <inheritdoc />
    public bool IsRequired => true;

    /// <summary>Returns whether a file name asks for JSON (<c>.json</c>); anything else is Markdown.</summary>
    /// <param name="path">The file name.</param>
    /// <returns>Whether it is JSON.</returns>
    public static bool IsJsonPath(string path) => string.Equals(System.IO.Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var compliance = ComplianceEvaluator.Evaluate(report);
        return AtomicFile.WriteAsync(
            Path,
            (stream, ct) =>
            {
                if (json)
                {
                    ComplianceJson.Write(compliance, stream);
                    return Task.CompletedTask;
                }

                return stream.WriteAsync(Encoding.UTF8.GetBytes(ComplianceMarkdown.ToMarkdown(compliance)), ct).AsTask();
            },
            cancellationToken);
    }
}
