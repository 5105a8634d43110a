namespace MLSecOps.GitHub.Reviews;

/// <summary>The fields of a pull-request review the review source reads.</summary>
internal sealed record PullRequestReview(long Id, ReviewUser? User, string? State, string? CommitId, DateTimeOffset? SubmittedAt);

/// <summary>The reviewer.</summary>
internal sealed record ReviewUser(string? Login);

/// <summary>One changed file of a pull request.</summary>
internal sealed record PullRequestFile(string? Filename);

/// <summary>A team membership: <c>active</c> or <c>pending</c>.</summary>
internal sealed record TeamMembership(string? State);
