namespace MLSecOps.AzureDevOps;

/// <summary>How the pull request statuses are named and how hard the pull request publishers try.</summary>
public sealed record PullRequestStatusOptions
{
    /// <summary>Gets the status genre; a branch status policy requires <c>&lt;genre&gt;/&lt;gate&gt;</c>.</summary>
    /// <value>Defaults to <c>mlsecops</c>.</value>
    public string Genre { get; init; } = "mlsecops";

    /// <summary>Gets how many times a throttled or failed call is retried.</summary>
    /// <value>Defaults to 3.</value>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>Gets the first retry delay; later ones grow exponentially with jitter, unless the server sends <c>Retry-After</c>.</summary>
    /// <value>Defaults to one second.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest wait honoured from a <c>Retry-After</c> header.</summary>
    /// <value>Defaults to 60 seconds.</value>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the timeout of each attempt.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how many pages of a list are read at most, a guard against a server that never stops paging.</summary>
    /// <value>Defaults to 100.</value>
    public int MaxPages { get; init; } = 100;
}
