using MLSecOps.Core.Reporting;
using MLSecOps.GitHub.Api;

namespace MLSecOps.GitHub;

/// <summary>Which GitHub outputs to publish; the CLI maps its options (and the action's inputs) onto this.</summary>
public sealed record GitHubPublishOptions
{
    /// <summary>Gets whether to write workflow annotations (<c>annotations</c> input).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool Annotations { get; init; } = true;

    /// <summary>Gets whether to upload <see cref="SarifFile"/> to code scanning (<c>upload-sarif</c> input).</summary>
    /// <value>Defaults to <see langword="true"/>; nothing is uploaded when <see cref="SarifFile"/> is <see langword="null"/>.</value>
    public bool UploadSarif { get; init; } = true;

    /// <summary>Gets whether to create one check run per gate (<c>check-run</c> input).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool CheckRun { get; init; } = true;

    /// <summary>Gets whether to keep one sticky pull-request comment per gate (<c>pr-comment</c> input).</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool PullRequestComment { get; init; }

    /// <summary>Gets the SARIF file the CLI wrote before the GitHub publishers run; also the <c>sarif-file</c> output.</summary>
    /// <value>Defaults to <see langword="null"/>: no upload and an empty output.</value>
    public string? SarifFile { get; init; }

    /// <summary>Gets the Markdown job summary for a report (from the reporting project); appended to <c>GITHUB_STEP_SUMMARY</c>.</summary>
    /// <value>Defaults to <see langword="null"/>: no job summary is written.</value>
    public Func<ScanReport, string>? StepSummary { get; init; }

    /// <summary>Gets how API calls are retried.</summary>
    /// <value>Defaults to <see cref="GitHubRetryOptions"/>' defaults.</value>
    public GitHubRetryOptions Retry { get; init; } = new();

    /// <summary>Gets how often a SARIF upload's processing status is polled.</summary>
    /// <value>Defaults to 5 seconds.</value>
    public TimeSpan ProcessingPollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets how long to wait for code scanning to process an upload before moving on with a note.</summary>
    /// <value>Defaults to 2 minutes.</value>
    public TimeSpan ProcessingTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Gets the most annotations sent to one check run (50 per request).</summary>
    /// <value>Defaults to 1,000.</value>
    public int MaxCheckRunAnnotations { get; init; } = 1000;

    /// <summary>Gets the source of random heredoc delimiters for <c>GITHUB_OUTPUT</c>.</summary>
    /// <value>Defaults to <c>ghadelimiter_</c> and a random GUID.</value>
    public Func<string> Delimiters { get; init; } = Workflow.GitHubEnvironmentFiles.RandomDelimiters();
}
