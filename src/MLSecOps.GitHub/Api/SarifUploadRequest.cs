namespace MLSecOps.GitHub.Api;

/// <summary>The body of <c>POST /repos/{owner}/{repo}/code-scanning/sarifs</c>; <see cref="GitHubJsonContext"/> writes the names in snake case.</summary>
internal sealed class SarifUploadRequest
{
    /// <summary>Gets the commit the analysis is for.</summary>
    public required string CommitSha { get; init; }

    /// <summary>Gets the ref, such as <c>refs/pull/7/merge</c>.</summary>
    public required string Ref { get; init; }

    /// <summary>Gets the gzip-compressed, base64-encoded SARIF.</summary>
    public required string Sarif { get; init; }

    /// <summary>Gets the checkout directory as a <c>file://</c> address.</summary>
    public string? CheckoutUri { get; init; }

    /// <summary>Gets when the analysis started.</summary>
    public string? StartedAt { get; init; }

    /// <summary>Gets the tool name shown by code scanning.</summary>
    public required string ToolName { get; init; }
}
