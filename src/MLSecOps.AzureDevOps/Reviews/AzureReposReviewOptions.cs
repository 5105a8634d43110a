namespace MLSecOps.AzureDevOps.Reviews;

/// <summary>How the Azure Repos review calls are retried.</summary>
public sealed record AzureReposReviewOptions
{
    /// <summary>Gets how many times a failed call is retried.</summary>
    /// <value>Defaults to 3.</value>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>Gets the first backoff delay when the server names none.</summary>
    /// <value>Defaults to 1 second.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets the longest <c>Retry-After</c> honoured.</summary>
    /// <value>Defaults to 60 seconds.</value>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets the time budget of one attempt.</summary>
    /// <value>Defaults to 30 seconds.</value>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
