namespace MLSecOps.GitHub.Api;

/// <summary>The fields of a pull-request (issue) comment the sticky-comment publisher reads.</summary>
internal sealed record IssueComment(long Id, string? Body);

/// <summary>The body of creating or editing an issue comment.</summary>
internal sealed record IssueCommentBody(string Body);
