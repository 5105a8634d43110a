namespace MLSecOps.Reporting.Markdown;

/// <summary>Limits and pointers for a Markdown summary.</summary>
public sealed record MarkdownSummaryOptions
{
    /// <summary>GitHub's step-summary limit: 1 MiB.</summary>
    public const int GitHubStepSummaryLimit = 1024 * 1024;

    /// <summary>GitHub's check-run <c>summary</c>/<c>text</c> limit, in characters.</summary>
    public const int CheckRunTextLimit = 65_535;

    /// <summary>Gets the default options: the step-summary limit and twenty top findings.</summary>
    public static MarkdownSummaryOptions Default { get; } = new();

    /// <summary>Gets the most UTF-8 bytes the summary may take; it is truncated with a note to stay below.</summary>
    public int MaxBytes { get; init; } = GitHubStepSummaryLimit;

    /// <summary>Gets how many unsuppressed findings the top table lists; the rest go to a collapsed block.</summary>
    public int TopFindings { get; init; } = 20;

    /// <summary>Gets the SARIF file to point readers to for the full list, if one is written.</summary>
    public string? SarifPath { get; init; }

    /// <summary>Gets the JSON file to point readers to for the full list, if one is written.</summary>
    public string? JsonPath { get; init; }

    /// <summary>Gets whether the summary of the whole scan carries the compliance section (counts per framework, failed and
    /// waived controls); set when a compliance report is asked for.</summary>
    /// <value>Defaults to <see langword="false"/>.</value>
    public bool Compliance { get; init; }

    /// <summary>Gets the heading level of the title (2 gives <c>##</c>), so the summary nests in a larger document.</summary>
    public int HeadingLevel { get; init; } = 2;
}
