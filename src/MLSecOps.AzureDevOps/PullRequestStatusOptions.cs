namespace MLSecOps.AzureDevOps;

/// <summary>How the pull request status is named and how hard the publisher tries.</summary>
public sealed record PullRequestStatusOptions
{
    /// <summary>Gets the status genre; with <see cref="ContextName"/> it is what a branch status policy requires.</summary>
    public string Genre { get; init; } = "mlsecops";

    /// <summary>Gets the status name.</summary>
    public string ContextName { get; init; } = "gates";

    /// <summary>Gets how many times a throttled or failed call is retried.</summary>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>Gets the first retry delay; later ones grow exponentially with jitter, unless the server sends <c>Retry-After</c>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest wait honoured from a <c>Retry-After</c> header.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the timeout of each attempt.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
