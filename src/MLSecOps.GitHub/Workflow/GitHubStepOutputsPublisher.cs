using System.Globalization;
using MLSecOps.Core.Reporting;

namespace MLSecOps.GitHub.Workflow;

/// <summary>Appends the job summary and writes the step outputs <c>decision</c>, <c>findings</c>, <c>blocking</c> and <c>sarif-file</c>.</summary>
/// <param name="files">The environment files.</param>
/// <param name="summary">Builds the job summary Markdown, or <see langword="null"/> for none.</param>
/// <param name="sarifFile">The SARIF file path for the <c>sarif-file</c> output.</param>
/// <param name="stdout">The step's standard output, for the truncation notice.</param>
internal sealed class GitHubStepOutputsPublisher(GitHubEnvironmentFiles files, Func<ScanReport, string>? summary, string? sarifFile, TextWriter stdout)
    : IFindingPublisher
{
    /// <inheritdoc />
    public string Name => "github-outputs";

    /// <inheritdoc />
    public bool IsRequired => true;

    /// <summary>Returns the step outputs of a report.</summary>
    /// <param name="report">The report.</param>
    /// <param name="sarifFile">The SARIF file, if one was written.</param>
    /// <returns>The outputs in order.</returns>
    public static IReadOnlyList<KeyValuePair<string, string>> Outputs(ScanReport report, string? sarifFile) =>
    [
        new("decision", report.Decision.Name),
        new("findings", report.AllFindings.Count(f => !f.IsSuppressed).ToString(CultureInfo.InvariantCulture)),
        new("blocking", report.Decision.BlockingCount.ToString(CultureInfo.InvariantCulture)),
        new("sarif-file", sarifFile ?? ""),
    ];

    /// <inheritdoc />
    public async Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (summary is not null && !await files.AppendStepSummaryAsync(summary(report), cancellationToken).ConfigureAwait(false))
        {
            await new WorkflowLog(stdout).NoticeAsync(
                "The job summary was cut at GitHub's 1 MiB limit; the SARIF file has every finding.", cancellationToken).ConfigureAwait(false);
        }

        await files.WriteOutputsAsync(Outputs(report, sarifFile), cancellationToken).ConfigureAwait(false);
    }
}
