namespace MLSecOps.Core.Reviews;

/// <summary>One reviewer's latest verdict, as the platform source resolved it.</summary>
/// <param name="Reviewer">The reviewer's login or unique name.</param>
/// <param name="State">The verdict.</param>
/// <param name="OnHeadCommit">Whether the verdict was given on the change's current head commit (false: stale).</param>
/// <param name="IsApprover">Whether the reviewer is one of the configured approvers (directly or through a team).</param>
public sealed record ReviewVerdict(string Reviewer, ReviewState State, bool OnHeadCommit, bool IsApprover);
