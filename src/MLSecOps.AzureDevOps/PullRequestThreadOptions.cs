namespace MLSecOps.AzureDevOps;

/// <summary>How many pull request threads a run may open or update, and which part of the scan a run owns.</summary>
public sealed record PullRequestThreadOptions
{
    /// <summary>The default <see cref="MaxThreads"/>.</summary>
    public const int DefaultMaxThreads = 20;

    /// <summary>Gets how many finding threads one run creates or updates; the rest are listed in one summary thread.</summary>
    /// <value>Defaults to 20.</value>
    public int MaxThreads { get; init; } = DefaultMaxThreads;

    /// <summary>Gets the shard this run scanned (such as <c>2/4</c>), or <see langword="null"/>; a run only closes the threads
    /// of its own gates and shard, so parallel jobs never close each other's threads.</summary>
    public string? Shard { get; init; }

    /// <summary>Gets how many findings the summary thread lists by name.</summary>
    /// <value>Defaults to 50.</value>
    public int MaxSummaryLines { get; init; } = 50;
}
