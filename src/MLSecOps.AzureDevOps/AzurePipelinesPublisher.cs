using System.Globalization;
using System.Text;
using MLSecOps.Core.Reporting;
using MLSecOps.Core.Rules;
using MLSecOps.Reporting.Markdown;

namespace MLSecOps.AzureDevOps;

/// <summary>Reports a scan to Azure Pipelines with logging commands: issues, the summary tab, the SARIF artifact,
/// output variables and the task result.</summary>
/// <remarks>Issues are a preview, most severe first: blocking, critical and high findings are errors, medium and low
/// findings warnings, info findings only appear in the summary; past the caps one line says how many were left out.
/// Run the SARIF publisher first: the artifact is uploaded only if the file exists.</remarks>
/// <param name="options">Paths and caps.</param>
/// <param name="writer">Where the agent reads commands: the process's standard output.</param>
public sealed class AzurePipelinesPublisher(AzurePipelinesOptions options, TextWriter writer) : IFindingPublisher
{
    /// <summary>The output variable that holds <c>pass</c> or <c>fail</c>.</summary>
    public const string DecisionVariable = "decision";

    /// <summary>The output variable that holds the number of unsuppressed findings.</summary>
    public const string FindingsVariable = "findings";

    /// <summary>The output variable that holds the number of blocking findings.</summary>
    public const string BlockingVariable = "blocking";

    /// <inheritdoc />
    public string Name => "azure-pipelines";

    /// <inheritdoc />
    public bool IsRequired => true;

    /// <inheritdoc />
    public async Task PublishAsync(ScanReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(options);
        var unsuppressed = report.AllFindings.Where(f => !f.IsSuppressed).MostSevereFirst().ToList();
        if (options.Annotations)
        {
            WriteIssues(unsuppressed);
        }

        var summaryPath = Path.GetFullPath(options.SummaryPath);
        Directory.CreateDirectory(Path.GetDirectoryName(summaryPath)!);
        var markdown = MarkdownSummaryWriter.ToMarkdown(report, options.Summary);
        await File.WriteAllTextAsync(summaryPath, markdown, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        Write(LoggingCommand.UploadSummary(summaryPath));

        if (options.PublishSarif && options.SarifPath is { } sarif && File.Exists(sarif))
        {
            Write(await StageArtifactAsync(Path.GetFullPath(sarif), summaryPath, cancellationToken).ConfigureAwait(false));
        }

        Write(LoggingCommand.SetVariable(DecisionVariable, report.Decision.Name));
        Write(LoggingCommand.SetVariable(FindingsVariable, unsuppressed.Count.ToString(CultureInfo.InvariantCulture)));
        Write(LoggingCommand.SetVariable(BlockingVariable, report.Decision.BlockingCount.ToString(CultureInfo.InvariantCulture)));
        if (options.CompleteTask)
        {
            Write(LoggingCommand.Complete(ResultOf(report, unsuppressed.Count), Conclusion(report, unsuppressed.Count)));
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Returns the issue type of a finding, or <see langword="null"/> when it is only summarised.</summary>
    /// <param name="finding">The evaluated finding.</param>
    /// <returns>Error, warning or nothing.</returns>
    public static IssueType? IssueTypeOf(EvaluatedFinding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return finding switch
        {
            { IsSuppressed: true } => null,
            { Blocking: true } => IssueType.Error,
            { Finding.Severity: >= Severity.High } => IssueType.Error,
            { Finding.Severity: >= Severity.Low } => IssueType.Warning,
            _ => null,
        };
    }

    /// <summary>Copies the SARIF file under its unique artifact name and returns the upload command, which puts it in the
    /// artifact's folder of the same name (the Scans tab renders every <c>*.sarif</c> in the artifact).</summary>
    private async Task<LoggingCommand> StageArtifactAsync(string sarif, string summaryPath, CancellationToken cancellationToken)
    {
        var folder = options.ArtifactStagingDirectory ?? Path.GetDirectoryName(summaryPath)!;
        Directory.CreateDirectory(folder);
        var staged = Path.Combine(folder, Path.GetFileName(options.ArtifactFileName));
        if (!string.Equals(staged, sarif, StringComparison.Ordinal))
        {
            var source = File.OpenRead(sarif);
            await using (source.ConfigureAwait(false))
            {
                var target = File.Create(staged);
                await using (target.ConfigureAwait(false))
                {
                    await source.CopyToAsync(target, cancellationToken).ConfigureAwait(false);
                }
            }
        }

        return new LoggingCommand("artifact", "upload", [new("containerfolder", options.ArtifactName), new("artifactname", options.ArtifactName)], staged);
    }

    private static TaskResult ResultOf(ScanReport report, int unsuppressed) =>
        !report.Decision.Passed ? TaskResult.Failed
        : unsuppressed > 0 ? TaskResult.SucceededWithIssues
        : TaskResult.Succeeded;

    private static string Conclusion(ScanReport report, int unsuppressed)
    {
        var failOn = report.Decision.FailOn?.ToName() ?? "none";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"MLSecOps Gates: {report.Decision.Name}, {report.Decision.BlockingCount} blocking of {unsuppressed} findings (fail-on {failOn}).");
    }

    private void WriteIssues(IReadOnlyList<EvaluatedFinding> findings)
    {
        var errors = 0;
        var warnings = 0;
        var left = 0;
        foreach (var finding in findings)
        {
            var type = IssueTypeOf(finding);
            if (type is null)
            {
                continue;
            }

            var underCap = type == IssueType.Error ? errors++ < options.MaxErrors : warnings++ < options.MaxWarnings;
            if (!underCap)
            {
                left++;
                continue;
            }

            var location = finding.Finding.Location;
            Write(LoggingCommand.LogIssue(
                type.Value,
                $"{finding.Finding.Rule.Id} {finding.Finding.Message}",
                location.Path,
                location.StartLine,
                location.StartColumn,
                finding.Finding.Rule.Id));
        }

        if (left > 0)
        {
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"MLSecOps Gates: {left} more findings are not shown as issues (the agent keeps about {options.MaxErrors} errors and {options.MaxWarnings} warnings); see the MLSecOps summary on the run page and the {options.ArtifactName} artifact for all of them."));
        }
    }

    private void Write(LoggingCommand command) => writer.WriteLine(command.ToString());
}
