namespace MLSecOps.Core.Reviews;

/// <summary>What a review source learnt about the change under review.</summary>
public sealed record ChangeReviewResult
{
    /// <summary>Gets why the reviews could not be read without it being an error (not a pull request, no token, fork), if so.</summary>
    public string? SkippedReason { get; init; }

    /// <summary>Gets why reading the reviews failed (API error after retries), if it did.</summary>
    public string? Error { get; init; }

    /// <summary>Gets the platform and change, such as <c>GitHub pull request #7</c>.</summary>
    public string Change { get; init; } = "";

    /// <summary>Gets the head commit of the change, if known.</summary>
    public string? HeadCommit { get; init; }

    /// <summary>Gets the repository-relative paths the change touches.</summary>
    public IReadOnlyList<string> ChangedPaths { get; init; } = [];

    /// <summary>Gets the latest verdict of each reviewer.</summary>
    public IReadOnlyList<ReviewVerdict> Verdicts { get; init; } = [];

    /// <summary>Returns a result for a run whose reviews cannot be read, with the notice to show.</summary>
    /// <param name="reason">Why, such as "not a pull-request build".</param>
    /// <returns>The result.</returns>
    public static ChangeReviewResult Skipped(string reason) => new() { SkippedReason = reason };

    /// <summary>Returns a result for a failed API call.</summary>
    /// <param name="change">The change that was asked about.</param>
    /// <param name="error">The failure in one line, without tokens.</param>
    /// <returns>The result.</returns>
    public static ChangeReviewResult Failed(string change, string error) => new() { Change = change, Error = error };
}
