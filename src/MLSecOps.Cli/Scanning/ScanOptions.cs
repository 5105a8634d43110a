using MLSecOps.Core.Files;
using MLSecOps.Core.Rules;

namespace MLSecOps.Cli.Scanning;

/// <summary>What a scan was asked to do, after arguments and <c>INPUT_*</c> variables are merged.</summary>
public sealed record ScanOptions
{
    /// <summary>Gets the gate to run, or <see langword="null"/> for every enabled gate.</summary>
    public string? Gate { get; init; }

    /// <summary>Gets the folder or file to scan, as given.</summary>
    /// <value>Defaults to the working folder.</value>
    public string Path { get; init; } = ".";

    /// <summary>Gets the policy file, if given explicitly.</summary>
    public string? PolicyFile { get; init; }

    /// <summary>Gets where to write SARIF, if anywhere.</summary>
    public string? SarifFile { get; init; }

    /// <summary>Gets where to write JSON, if anywhere.</summary>
    public string? JsonFile { get; init; }

    /// <summary>Gets where to write the Markdown summary, if anywhere.</summary>
    public string? SummaryFile { get; init; }

    /// <summary>Gets where to write the CycloneDX 1.6 bill of materials, if anywhere.</summary>
    public string? BomFile { get; init; }

    /// <summary>Gets where to write the compliance report, if anywhere.</summary>
    public string? ComplianceFile { get; init; }

    /// <summary>Gets the compliance report format: markdown or json; <see langword="null"/> picks by the file extension.</summary>
    public string? ComplianceFormat { get; init; }

    /// <summary>Gets whether fail-on was given on the command line.</summary>
    public bool HasFailOn { get; init; }

    /// <summary>Gets the fail-on override; <see langword="null"/> with <see cref="HasFailOn"/> means none.</summary>
    public Severity? FailOn { get; init; }

    /// <summary>Gets the baseline file, if any.</summary>
    public string? BaselineFile { get; init; }

    /// <summary>Gets where to publish: auto, github, azure or none.</summary>
    /// <value>Defaults to auto.</value>
    public string Platform { get; init; } = "auto";

    /// <summary>Gets the shard of the files to scan, if the scan is split across jobs.</summary>
    public Shard? Shard { get; init; }

    /// <summary>Gets whether to write workflow annotations on GitHub.</summary>
    /// <value>Defaults to true.</value>
    public bool Annotations { get; init; } = true;

    /// <summary>Gets whether to upload the SARIF file to GitHub code scanning.</summary>
    /// <value>Defaults to true.</value>
    public bool UploadSarif { get; init; } = true;

    /// <summary>Gets whether to publish one GitHub check run per gate.</summary>
    /// <value>Defaults to true.</value>
    public bool CheckRun { get; init; } = true;

    /// <summary>Gets whether to keep a sticky pull-request comment per gate on GitHub.</summary>
    public bool PullRequestComment { get; init; }

    /// <summary>Gets whether the console adds each rule's description to its findings.</summary>
    public bool Verbose { get; init; }

    /// <summary>Gets whether to publish the SARIF file as the CodeAnalysisLogs build artifact in Azure Pipelines.</summary>
    /// <value>Defaults to true.</value>
    public bool PublishSarif { get; init; } = true;

    /// <summary>Gets whether to post one pull request status per gate in Azure Pipelines.</summary>
    /// <value>Defaults to true.</value>
    public bool PullRequestStatus { get; init; } = true;

    /// <summary>Gets whether to keep one pull request thread per blocking finding in Azure Pipelines.</summary>
    /// <value>Defaults to true.</value>
    public bool PullRequestThreads { get; init; } = true;

    /// <summary>Gets how many pull request threads one run creates or updates in Azure Pipelines.</summary>
    /// <value>Defaults to 20.</value>
    public int PullRequestThreadLimit { get; init; } = 20;

    /// <summary>Gets whether to (re)write the model lock file before scanning.</summary>
    public bool WriteLock { get; init; }

    /// <summary>Gets whether to verify files against the lock file and signatures only (the <c>verify</c> command) instead of scanning them.</summary>
    public bool Verify { get; init; }

    /// <summary>Gets whether to (re)write the approved data profile before scanning.</summary>
    public bool WriteProfile { get; init; }
}
