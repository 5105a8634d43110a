using MLSecOps.Reporting.Markdown;

namespace MLSecOps.AzureDevOps;

/// <summary>Where the Azure Pipelines publisher writes its summary, what it uploads and how much it logs.</summary>
public sealed record AzurePipelinesOptions
{
    /// <summary>The summary file name used by <see cref="For"/>.</summary>
    public const string SummaryFileName = "mlsecops-summary.md";

    /// <summary>Gets the Markdown summary file to write and attach with <c>task.uploadsummary</c>.</summary>
    public required string SummaryPath { get; init; }

    /// <summary>Gets the SARIF file to publish as the <see cref="ArtifactName"/> artifact, if one is written.</summary>
    public string? SarifPath { get; init; }

    /// <summary>Gets the build artifact name; the SARIF SAST Scans tab reads <c>CodeAnalysisLogs</c>.</summary>
    public string ArtifactName { get; init; } = "CodeAnalysisLogs";

    /// <summary>Gets how many <c>task.logissue</c> errors to print; the agent keeps about ten per task.</summary>
    public int MaxErrors { get; init; } = 10;

    /// <summary>Gets how many <c>task.logissue</c> warnings to print; the agent keeps about ten per task.</summary>
    public int MaxWarnings { get; init; } = 10;

    /// <summary>Gets whether to end with <c>task.complete</c>; turn off when a wrapper task sets the result itself.</summary>
    public bool CompleteTask { get; init; } = true;

    /// <summary>Gets the summary limits.</summary>
    public MarkdownSummaryOptions Summary { get; init; } = MarkdownSummaryOptions.Default;

    /// <summary>Returns options that put the summary in the agent's temporary folder, else in <paramref name="outputDirectory"/>.</summary>
    /// <param name="environment">The pipeline environment.</param>
    /// <param name="outputDirectory">The CLI's output folder, used when the agent gives no temporary folder.</param>
    /// <param name="sarifPath">The SARIF file the CLI writes, if any.</param>
    /// <returns>The options.</returns>
    public static AzurePipelinesOptions For(AzurePipelinesEnvironment environment, string outputDirectory, string? sarifPath = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var folder = environment.AgentTempDirectory ?? outputDirectory;
        return new AzurePipelinesOptions
        {
            SummaryPath = Path.GetFullPath(Path.Combine(folder, SummaryFileName)),
            SarifPath = sarifPath is null ? null : Path.GetFullPath(sarifPath),
            Summary = MarkdownSummaryOptions.Default with { SarifPath = sarifPath },
        };
    }
}
