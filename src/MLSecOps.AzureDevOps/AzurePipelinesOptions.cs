using MLSecOps.Reporting.Markdown;

namespace MLSecOps.AzureDevOps;

/// <summary>Where the Azure Pipelines publisher writes its summary, what it uploads and how much it logs.</summary>
public sealed record AzurePipelinesOptions
{
    /// <summary>Gets the Markdown summary file to write and attach with <c>task.uploadsummary</c>.</summary>
    public required string SummaryPath { get; init; }

    /// <summary>Gets the SARIF file to publish as the <see cref="ArtifactName"/> artifact, if one is written.</summary>
    public string? SarifPath { get; init; }

    /// <summary>Gets the build artifact name; the SARIF SAST Scans tab reads <c>CodeAnalysisLogs</c>.</summary>
    public string ArtifactName { get; init; } = "CodeAnalysisLogs";

    /// <summary>Gets the file name the SARIF gets inside the artifact; unique per job, gate and shard, so that several jobs
    /// of one run add their files to the one <see cref="ArtifactName"/> artifact without overwriting each other.</summary>
    /// <value>Defaults to <c>mlsecops.sarif</c>; <see cref="For"/> makes it unique.</value>
    public string ArtifactFileName { get; init; } = "mlsecops.sarif";

    /// <summary>Gets the folder where the uniquely named copy of the SARIF file is written before the upload.</summary>
    /// <value>Defaults to the summary's folder.</value>
    public string? ArtifactStagingDirectory { get; init; }

    /// <summary>Gets whether to publish the SARIF file as the <see cref="ArtifactName"/> artifact.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool PublishSarif { get; init; } = true;

    /// <summary>Gets whether to write findings as <c>task.logissue</c> errors and warnings.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Annotations { get; init; } = true;

    /// <summary>Gets whether to post one pull request status per gate on pull-request builds.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool PullRequestStatus { get; init; } = true;

    /// <summary>Gets whether to keep one pull request thread per blocking finding on pull-request builds.</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool PullRequestThreads { get; init; } = true;

    /// <summary>Gets the thread cap and the shard.</summary>
    public PullRequestThreadOptions Threads { get; init; } = new();

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
    /// <param name="scope">What the run scans, such as <c>scan</c>, <c>model-scan</c> or <c>model-scan-2of4</c>; it names the files.</param>
    /// <returns>The options.</returns>
    public static AzurePipelinesOptions For(AzurePipelinesEnvironment environment, string outputDirectory, string? sarifPath = null, string scope = "scan")
    {
        ArgumentNullException.ThrowIfNull(environment);
        var folder = environment.AgentTempDirectory ?? outputDirectory;
        var job = environment.JobId is { } id ? "-" + new string([.. id.Where(char.IsAsciiLetterOrDigit).Take(8)]) : "";
        return new AzurePipelinesOptions
        {
            SummaryPath = Path.GetFullPath(Path.Combine(folder, $"mlsecops-{scope}{job}-summary.md")),
            SarifPath = sarifPath is null ? null : Path.GetFullPath(sarifPath),
            ArtifactFileName = $"mlsecops-{scope}{job}.sarif",
            ArtifactStagingDirectory = Path.GetFullPath(Path.Combine(folder, "mlsecops-codeanalysislogs")),
            Summary = MarkdownSummaryOptions.Default with { SarifPath = sarifPath },
        };
    }
}
