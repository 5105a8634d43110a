namespace MLSecOps.GitHub.Api;

/// <summary>How GitHub API calls are retried: exponential backoff with jitter, or the delay the server asks for.</summary>
public sealed record GitHubRetryOptions
{
    /// <summary>Gets how many times a failed call is retried.</summary>
    /// <value>Defaults to 4.</value>
    public int MaxRetryAttempts { get; init; } = 4;

    /// <summary>Gets the first backoff delay when the server names none.</summary>
    /// <value>Defaults to 2 seconds.</value>
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets the longest wait; a server that asks for longer (a rate limit resetting later) is not retried.</summary>
    /// <value>Defaults to 90 seconds.</value>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>Gets the wait after a secondary rate limit that names no delay; GitHub asks for at least a minute.</summary>
    /// <value>Defaults to 60 seconds.</value>
    public TimeSpan SecondaryRateLimitDelay { get; init; } = TimeSpan.FromSeconds(60);
}
